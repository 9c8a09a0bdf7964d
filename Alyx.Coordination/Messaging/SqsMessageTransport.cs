using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Alyx.Aws.Sns;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A transport on Amazon SQS and SNS. Each inbox is one standard SQS queue that outlives the task reading it, so
/// requests wait through a restart. Broadcasts go to one SNS topic, to which each shard queue is subscribed with raw
/// message delivery. Each inbox also has a dead-letter queue. Queues and the topic are created on first use.
/// </summary>
public sealed class SqsMessageTransport : IMessageTransport
{
    private readonly IAmazonSQS _sqs;
    private readonly ISnsClient _sns;
    private readonly ILogger<SqsMessageTransport> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _queueUrls = new(StringComparer.Ordinal);
    private readonly Lazy<Task<string>> _topicArn;

    /// <summary>Creates the transport.</summary>
    /// <param name="sqs">The SQS client.</param>
    /// <param name="sns">The SNS client, for the broadcast topic.</param>
    /// <param name="options">Names, timeouts and limits; validated here.</param>
    /// <param name="logger">The logger.</param>
    public SqsMessageTransport(IAmazonSQS sqs, ISnsClient sns, SqsTransportOptions options, ILogger<SqsMessageTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(sns);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _sqs = sqs;
        _sns = sns;
        Options = options;
        _logger = logger;
        _topicArn = new Lazy<Task<string>>(() => _sns.CreateTopicAsync(options.EffectiveBroadcastTopicName));
    }

    /// <inheritdoc />
    public string Name => "sns-sqs";

    /// <inheritdoc />
    public int MaxBodyBytes => Options.MaxBodyBytes;

    internal SqsTransportOptions Options { get; }

    internal IAmazonSQS Sqs => _sqs;

    internal ILogger Logger => _logger;

    /// <summary>Returns the queue name of an inbox.</summary>
    public string QueueName(string inbox) => CheckedName($"{Options.NamePrefix}-{inbox}");

    /// <summary>Returns the dead-letter queue name of an inbox.</summary>
    public string DeadLetterQueueName(string inbox) => CheckedName($"{Options.NamePrefix}-{inbox}-dlq");

    /// <inheritdoc />
    public async Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var text = ToText(body);
        var url = await QueueUrlAsync(QueueName(inbox));
        await _sqs.SendMessageAsync(new SendMessageRequest(url, text), cancellationToken);
    }

    /// <inheritdoc />
    public async Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var text = ToText(body);
        var topicArn = await _topicArn.Value;
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, text), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        ArgumentNullException.ThrowIfNull(onMessage);
        var url = await QueueUrlAsync(QueueName(inbox));
        if (receiveBroadcasts)
        {
            await SubscribeToBroadcastsAsync(url, cancellationToken);
        }

        return new SqsInboxSubscription(this, inbox, url, onMessage);
    }

    /// <inheritdoc />
    /// <remarks>
    /// NOTE: the SNS subscription of a deleted shard queue stays until the topic is deleted, because the subscription
    /// ARN is known only to the process that subscribed. SNS then fails its deliveries to the missing queue.
    /// </remarks>
    public async Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken)
    {
        var queueName = QueueName(inbox);
        _queueUrls.TryRemove(queueName, out _);
        try
        {
            var url = (await _sqs.GetQueueUrlAsync(queueName, cancellationToken)).QueueUrl;
            await _sqs.DeleteQueueAsync(url, cancellationToken);
        }
        catch (QueueDoesNotExistException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal Task<string> QueueUrlAsync(string queueName) =>
        _queueUrls.GetOrAdd(queueName, name => new Lazy<Task<string>>(() => CreateQueueAsync(name))).Value;

    private async Task<string> CreateQueueAsync(string queueName)
    {
        // CreateQueue returns the existing queue when the attributes match, so every process may call it.
        var response = await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = queueName,
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = ((int)Options.VisibilityTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            },
        });
        return response.QueueUrl;
    }

    private async Task SubscribeToBroadcastsAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var topicArn = await _topicArn.Value;
        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(queueUrl, ["QueueArn"]), cancellationToken);
        var queueArn = attributes.QueueARN;

        // SNS may send to the queue only for this topic (the queue policy SNS delivery needs on AWS).
        var policy = JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Principal = new { Service = "sns.amazonaws.com" },
                    Action = "sqs:SendMessage",
                    Resource = queueArn,
                    Condition = new { ArnEquals = new Dictionary<string, string> { ["aws:SourceArn"] = topicArn } },
                },
            },
        });
        await _sqs.SetQueueAttributesAsync(queueUrl, new Dictionary<string, string> { ["Policy"] = policy }, cancellationToken);

        // Subscribe is idempotent for one topic and endpoint, so a restarted shard gets its old subscription back.
        await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn) { RawMessageDelivery = true }, cancellationToken);
    }

    private string ToText(ReadOnlyMemory<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException(
                $"The message is {body.Length} bytes, above the transport limit of {MaxBodyBytes}; store the payload and send a reference.",
                nameof(body));
        }

        // SQS and SNS carry text, and envelopes are UTF-8 JSON, which is valid message text.
        return Encoding.UTF8.GetString(body.Span);
    }

    private static string CheckedName(string name) =>
        name.Length <= 80
            ? name
            : throw new ArgumentException(
                $"Queue name '{name}' has {name.Length} characters; SQS allows 80. Shorten the name prefix or the inbox name.");
}

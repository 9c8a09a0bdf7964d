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
/// With <see cref="SqsTransportOptions.BusTopicArn"/> set, the orchestrator owns the shard queues and their
/// subscriptions instead (see <c>SqsRouteProvisioner</c>): messages to shards and broadcasts go through the bus topic
/// and its filter policies, and only other inboxes (the orchestrator's, clients') are created here.
/// </summary>
public sealed class SqsMessageTransport : IMessageTransport
{
    private readonly IAmazonSQS _sqs;
    private readonly ISnsClient _sns;
    private readonly ILogger<SqsMessageTransport> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _queueUrls = new(StringComparer.Ordinal);
    private readonly Lazy<Task<string>> _topicArn;
    private readonly SqsRouteNames? _names;

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
        _topicArn = options.BusTopicArn is { } busTopicArn
            ? new Lazy<Task<string>>(Task.FromResult(busTopicArn))
            : new Lazy<Task<string>>(() => _sns.CreateTopicAsync(options.EffectiveBroadcastTopicName));
        _names = options.BusTopicArn is null ? null : new SqsRouteNames(options.NamePrefix, options.Cluster!);
    }

    /// <inheritdoc />
    public string Name => "sns-sqs";

    /// <inheritdoc />
    /// <remarks>On the bus topic the routing attributes count towards SNS's limit too, so a few bytes are kept for them.</remarks>
    public int MaxBodyBytes => _names is null ? Options.MaxBodyBytes : Math.Min(Options.MaxBodyBytes, SnsClient.MaxPayloadBytes - AttributeReserveBytes);

    // The two routing attributes take at most 54 bytes: names, the type "String" twice, a 19-digit set and a 10-digit shard.
    private const int AttributeReserveBytes = 128;

    internal SqsTransportOptions Options { get; }

    internal IAmazonSQS Sqs => _sqs;

    internal ILogger Logger => _logger;

    /// <summary>Returns the queue name of an inbox.</summary>
    public string QueueName(string inbox) => _names?.InboxQueue(inbox) ?? CheckedName($"{Options.NamePrefix}-{inbox}");

    /// <summary>Returns the dead-letter queue name of an inbox: the cluster's one on the bus topic.</summary>
    public string DeadLetterQueueName(string inbox) => _names?.DeadLetterQueue ?? CheckedName($"{Options.NamePrefix}-{inbox}-dlq");

    /// <inheritdoc />
    /// <remarks>
    /// On the bus topic a message to a shard is published with that shard's routing attributes. SNS drops it when no
    /// queue of that shard is subscribed (the set was never created or is retired), and the request then times out.
    /// </remarks>
    public async Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var text = ToText(body);
        if (_names is not null && SqsRouteNames.TryParseShardInbox(inbox, out var shardSet, out var shardId))
        {
            await PublishToBusAsync(text, shardSet.ToString(CultureInfo.InvariantCulture), shardId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            return;
        }

        var url = await QueueUrlAsync(QueueName(inbox));
        await _sqs.SendMessageAsync(new SendMessageRequest(url, text), cancellationToken);
    }

    /// <inheritdoc />
    public async Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var text = ToText(body);
        if (_names is not null)
        {
            await PublishToBusAsync(text, BusAttributes.All, BusAttributes.All, cancellationToken);
            return;
        }

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
        if (_names is not null && SqsRouteNames.TryParseShardInbox(inbox, out _, out _))
        {
            // The orchestrator creates this queue and its subscription with the shard set. A queue created here would
            // have no subscription, so a missing queue is an error.
            return new SqsInboxSubscription(this, inbox, await ExistingQueueUrlAsync(inbox, cancellationToken), onMessage);
        }

        var url = await QueueUrlAsync(QueueName(inbox));
        if (receiveBroadcasts && _names is null)
        {
            await SubscribeToBroadcastsAsync(url, cancellationToken);
        }

        return new SqsInboxSubscription(this, inbox, url, onMessage);
    }

    /// <inheritdoc />
    /// <remarks>A shard inbox's queue is unsubscribed from the broadcast or bus topic before it is deleted.</remarks>
    public async Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken)
    {
        var queueName = QueueName(inbox);
        _queueUrls.TryRemove(queueName, out _);
        var topicArn = SqsRouteNames.TryParseShardInbox(inbox, out _, out _) ? await _topicArn.Value : null;
        await SqsQueueRemoval.DeleteQueueAndSubscriptionAsync(_sqs, _sns, topicArn, queueName, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Returns the dead-letter queue URL of an inbox. The cluster's queue on the bus topic is looked up, not created,
    /// because the orchestrator created it with its own attributes.
    /// </summary>
    internal async Task<string> DeadLetterQueueUrlAsync(string inbox) =>
        _names is null
            ? await QueueUrlAsync(DeadLetterQueueName(inbox))
            : (await _sqs.GetQueueUrlAsync(_names.DeadLetterQueue)).QueueUrl;

    internal Task<string> QueueUrlAsync(string queueName) =>
        _queueUrls.GetOrAdd(queueName, name => new Lazy<Task<string>>(() => CreateQueueAsync(name))).Value;

    private async Task PublishToBusAsync(string text, string shardSet, string shardId, CancellationToken cancellationToken)
    {
        var request = new SnsPublishRequest(Options.BusTopicArn!, text)
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                [BusAttributes.ShardSet] = SnsAttributeValue.FromString(shardSet),
                [BusAttributes.Shard] = SnsAttributeValue.FromString(shardId),
            },
        };
        await _sns.PublishAsync(request, cancellationToken);
    }

    private async Task<string> ExistingQueueUrlAsync(string inbox, CancellationToken cancellationToken)
    {
        var queueName = QueueName(inbox);
        try
        {
            return (await _sqs.GetQueueUrlAsync(queueName, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException exception)
        {
            throw new InvalidOperationException(
                $"SQS queue '{queueName}' of inbox '{inbox}' does not exist. The orchestrator creates shard queues when it "
                + "creates the shard set; check that it runs with the same bus topic, queue prefix and cluster.", exception);
        }
    }

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

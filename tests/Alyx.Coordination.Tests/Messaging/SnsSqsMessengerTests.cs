using Alyx.Aws.Configuration;
using Alyx.Abstractions.Messaging;
using Alyx.Aws.Sns;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Routes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>
/// The messenger contract on SNS+SQS with the S3 claim check, against an emulator on loopback. Every test uses its
/// own queue, topic and bucket names, because the emulators keep state between tests.
/// </summary>
public abstract class SnsSqsMessengerTests : MessengerContractTests, IDisposable
{
    private const string Region = "us-east-1";
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private AmazonSQSClient? _sqs;
    private SnsClient? _sns;
    private AmazonS3Client? _s3;
    private string? _busTopicArn;

    /// <summary>The emulator's loopback endpoint.</summary>
    protected abstract Uri Endpoint { get; }

    /// <summary>
    /// True runs the suite on the cluster's bus topic, with shard sets 0 and 1 (4 shards each) created by
    /// <see cref="SqsRouteProvisioner"/> first, as the orchestrator does; false lets the transport create its queues.
    /// </summary>
    protected virtual bool OnBusTopic => false;

    private string Bucket => $"{_prefix}-payloads";

    private SqsRouteNames Names => new(_prefix, "c1");

    protected override async Task PrepareAsync()
    {
        var credentials = new BasicAWSCredentials("test", "test");
        _sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });
        _s3 = new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });
        _sns = new SnsClient(AwsClientOptions.ForEndpoint(Endpoint, Region, "test", "test") with { MaxAttempts = 2 });
        await _s3.PutBucketAsync(Bucket);
        if (OnBusTopic)
        {
            _busTopicArn = await _sns.CreateTopicAsync($"{_prefix}-bus");
            var routes = new SqsRouteProvisioner(
                _sqs, _sns, new SqsRouteOptions { Cluster = "c1", QueuePrefix = _prefix, BusTopicArn = _busTopicArn }, NullLogger<SqsRouteProvisioner>.Instance);
            await routes.EnsureShardSetAsync(0, 4, CancellationToken.None);
            await routes.EnsureShardSetAsync(1, 4, CancellationToken.None);
        }
    }

    protected override IMessageTransport NewTransport() =>
        new SqsMessageTransport(
            _sqs!,
            _sns!,
            new SqsTransportOptions
            {
                NamePrefix = _prefix,
                ReceiveWaitTime = TimeSpan.FromSeconds(1),
                BusTopicArn = _busTopicArn,
                Cluster = _busTopicArn is null ? null : "c1",
            },
            NullLogger<SqsMessageTransport>.Instance);

    protected override IPayloadStore NewPayloadStore() => new S3PayloadStore(_s3!, Bucket);

    protected override async Task<bool> InboxExistsAsync(string inbox)
    {
        try
        {
            await _sqs!.GetQueueUrlAsync(QueueName(inbox));
            return true;
        }
        catch (QueueDoesNotExistException)
        {
            return false;
        }
    }

    protected override async Task<int> DeadLetterCountAsync(string inbox)
    {
        var queueName = OnBusTopic ? Names.DeadLetterQueue : $"{_prefix}-{inbox}-dlq";
        var url = (await _sqs!.GetQueueUrlAsync(queueName)).QueueUrl;
        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["ApproximateNumberOfMessages"]));
        return attributes.ApproximateNumberOfMessages;
    }

    [Fact]
    public async Task RequestAsync_ReceiverCrashed_RedeliveredAfterVisibilityTimeout()
    {
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "echo", "survivor", TimeSpan.FromSeconds(45));
        await ReceiveWithoutDeleteAsync(QueueName(MessagingInboxes.Shard(0, 1)), visibilityTimeoutSeconds: 2);

        var attempts = new List<int>();
        var shard = await Cluster.StartShardAsync(1);
        shard.Handle<string, string>("echo", (text, context, _) =>
        {
            lock (attempts)
            {
                attempts.Add(context.Attempt);
            }

            return ValueTask.FromResult(text);
        });

        Assert.Equal("survivor", await pending);
        Assert.Equal([2], attempts);
    }

    private string QueueName(string inbox) => OnBusTopic ? Names.InboxQueue(inbox) : $"{_prefix}-{inbox}";

    // Receives one message and never deletes it, like a process that crashed right after receiving. The client
    // creates the queue when it sends, so the queue may not exist yet on the first tries.
    private async Task ReceiveWithoutDeleteAsync(string queueName, int visibilityTimeoutSeconds)
    {
        var deadline = DateTime.UtcNow + Signals.Patience;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var queueUrl = (await _sqs!.GetQueueUrlAsync(queueName)).QueueUrl;
                var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = 1,
                    WaitTimeSeconds = 1,
                    VisibilityTimeout = visibilityTimeoutSeconds,
                });
                if (response.Messages is { Count: > 0 })
                {
                    return;
                }
            }
            catch (QueueDoesNotExistException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"No message arrived on queue {queueName} within {Signals.Patience.TotalSeconds} s.");
    }

    public void Dispose()
    {
        _sqs?.Dispose();
        _sns?.Dispose();
        _s3?.Dispose();
        GC.SuppressFinalize(this);
    }
}

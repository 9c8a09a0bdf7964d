using Alyx.Aws.Configuration;
using Alyx.Aws.Sns;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Routes;
using Alyx.Coordination.Tests.Messaging;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Tests.Routes;

/// <summary>
/// The routes of shard sets on an SNS/SQS emulator on loopback: exactly the queues and subscriptions of a set,
/// routing by filter policy, idempotent creation and clean retirement. Every test uses its own prefix and topic.
/// </summary>
public abstract class SqsRouteProvisionerTests : IAsyncLifetime
{
    private const string Region = "us-east-1";
    private const string Cluster = "blue.prod";
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..12];
    private AmazonSQSClient? _sqs;
    private SnsClient? _sns;
    private string _topicArn = "";

    /// <summary>The emulator's loopback endpoint.</summary>
    protected abstract Uri Endpoint { get; }

    private AmazonSQSClient Sqs => _sqs!;

    private SnsClient Sns => _sns!;

    private SqsRouteNames Names => new(_prefix, Cluster);

    public async Task InitializeAsync()
    {
        _sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });
        _sns = new SnsClient(AwsClientOptions.ForEndpoint(Endpoint, Region, "test", "test") with { MaxAttempts = 2 });
        _topicArn = await _sns.CreateTopicAsync($"{_prefix}-bus");
    }

    public Task DisposeAsync()
    {
        _sqs?.Dispose();
        _sns?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EnsureShardSet_NewSet_CreatesExactlyItsQueuesAndSubscriptions()
    {
        var routes = NewProvisioner();

        var changes = await routes.EnsureShardSetAsync(3, 4, CancellationToken.None);

        string[] expectedQueues = [Names.DeadLetterQueue, .. Enumerable.Range(0, 4).Select(shard => Names.ShardQueue(3, shard))];
        Assert.Equal(expectedQueues.Order(StringComparer.Ordinal), await QueueNamesAsync());
        var queueArns = await Task.WhenAll(Enumerable.Range(0, 4).Select(shard => QueueArnAsync(Names.ShardQueue(3, shard))));
        Assert.Equal(queueArns.Order(StringComparer.Ordinal), await SubscribedEndpointsAsync());
        Assert.Equal(new RouteChanges(QueuesCreated: 5, SubscriptionsCreated: 4), changes);
    }

    [Fact]
    public async Task EnsureShardSet_NewSet_QueuesHaveRedriveAndTopicPolicy()
    {
        var routes = NewProvisioner();

        await routes.EnsureShardSetAsync(1, 1, CancellationToken.None);

        var url = (await Sqs.GetQueueUrlAsync(Names.ShardQueue(1, 0))).QueueUrl;
        var attributes = (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["All"]))).Attributes;
        var deadLetterArn = await QueueArnAsync(Names.DeadLetterQueue);
        Assert.Contains(deadLetterArn, attributes["RedrivePolicy"], StringComparison.Ordinal);
        Assert.Contains(_topicArn, attributes["Policy"], StringComparison.Ordinal);
        Assert.Contains("sns.amazonaws.com", attributes["Policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ToOneShard_ArrivesOnlyInThatShardsQueue()
    {
        await NewProvisioner().EnsureShardSetAsync(2, 3, CancellationToken.None);

        await PublishAsync("to set 2 shard 1", "2", "1");
        await PublishAsync("to set 9 shard 1", "9", "1");
        await PublishAsync("to every shard", BusAttributes.All, BusAttributes.All);

        Assert.Equal(["to every shard"], await DrainAsync(Names.ShardQueue(2, 0), expected: 1));
        Assert.Equal(["to set 2 shard 1", "to every shard"], await DrainAsync(Names.ShardQueue(2, 1), expected: 2));
        Assert.Equal(["to every shard"], await DrainAsync(Names.ShardQueue(2, 2), expected: 1));
    }

    [Fact]
    public async Task EnsureShardSet_RunTwice_SecondRunChangesNothing()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 3, CancellationToken.None);
        var queuesBefore = await QueueNamesAsync();
        var subscriptionsBefore = await Sns.ListSubscriptionsByTopicAsync(_topicArn);

        var changes = await routes.EnsureShardSetAsync(1, 3, CancellationToken.None);

        Assert.True(changes.IsEmpty, $"The second run changed {changes}.");
        Assert.Equal(queuesBefore, await QueueNamesAsync());
        Assert.Equal(
            subscriptionsBefore.Select(subscription => subscription.SubscriptionArn).Order(StringComparer.Ordinal),
            (await Sns.ListSubscriptionsByTopicAsync(_topicArn)).Select(subscription => subscription.SubscriptionArn).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnsureShardSet_StoppedHalfway_FinishesTheSet()
    {
        // A leader that died after creating one queue bare, before its attributes and subscription.
        await Sqs.CreateQueueAsync(Names.ShardQueue(1, 1));
        var routes = NewProvisioner();

        var changes = await routes.EnsureShardSetAsync(1, 2, CancellationToken.None);

        Assert.Equal(new RouteChanges(QueuesCreated: 2, QueuesUpdated: 1, SubscriptionsCreated: 2), changes);
        await PublishAsync("to shard 1", "1", "1");
        Assert.Equal(["to shard 1"], await DrainAsync(Names.ShardQueue(1, 1), expected: 1));
    }

    [Fact]
    public async Task EnsureShardSet_FilterPolicyChanged_SetsItBack()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 2, CancellationToken.None);
        var subscriptions = await Sns.ListSubscriptionsByTopicAsync(_topicArn);
        var shard0 = subscriptions.Single(subscription => subscription.Endpoint.EndsWith(Names.ShardQueue(1, 0), StringComparison.Ordinal));
        await Sns.SetSubscriptionAttributesAsync(shard0.SubscriptionArn, "FilterPolicy", BusAttributes.FilterPolicy(1, 1));

        var changes = await routes.EnsureShardSetAsync(1, 2, CancellationToken.None);

        Assert.Equal(new RouteChanges(SubscriptionsUpdated: 1), changes);
        Assert.Equal(new RouteRepair(RouteKind.Subscription, Names.ShardQueue(1, 0), 0, "set FilterPolicy"), Assert.Single(changes.Repairs));
        Assert.Equal(
            subscriptions.Select(subscription => subscription.SubscriptionArn).Order(StringComparer.Ordinal),
            (await Sns.ListSubscriptionsByTopicAsync(_topicArn)).Select(subscription => subscription.SubscriptionArn).Order(StringComparer.Ordinal));
        await PublishAsync("to shard 0", "1", "0");
        await PublishAsync("to shard 1", "1", "1");
        Assert.Equal(["to shard 0"], await DrainAsync(Names.ShardQueue(1, 0), expected: 1));
        Assert.Equal(["to shard 1"], await DrainAsync(Names.ShardQueue(1, 1), expected: 1));
    }

    [Fact]
    public async Task EnsureShardSet_ScopeAndRawDeliveryChanged_SetsThemBack()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 1, CancellationToken.None);
        var subscription = Assert.Single(await Sns.ListSubscriptionsByTopicAsync(_topicArn));
        await Sns.SetSubscriptionAttributesAsync(subscription.SubscriptionArn, "FilterPolicyScope", "MessageBody");
        await Sns.SetSubscriptionAttributesAsync(subscription.SubscriptionArn, "RawMessageDelivery", "false");

        var changes = await routes.EnsureShardSetAsync(1, 1, CancellationToken.None);

        Assert.Equal(new RouteChanges(SubscriptionsUpdated: 1), changes);
        Assert.Equal("set FilterPolicyScope, RawMessageDelivery", Assert.Single(changes.Repairs).Change);
        var attributes = await Sns.GetSubscriptionAttributesAsync(subscription.SubscriptionArn);
        Assert.Equal("MessageAttributes", attributes["FilterPolicyScope"]);
        Assert.Equal("true", attributes["RawMessageDelivery"]);
        await PublishAsync("to shard 0", "1", "0");
        Assert.Equal(["to shard 0"], await DrainAsync(Names.ShardQueue(1, 0), expected: 1));
    }

    [Fact]
    public async Task EnsureShardSet_QueueDeleted_RecreatesOnlyThatQueue()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 3, CancellationToken.None);
        var otherUrls = await OtherQueueUrlsAsync();
        await Sqs.DeleteQueueAsync((await Sqs.GetQueueUrlAsync(Names.ShardQueue(1, 1))).QueueUrl);

        var changes = await routes.EnsureShardSetAsync(1, 3, CancellationToken.None);

        Assert.Equal(new RouteChanges(QueuesCreated: 1), changes);
        Assert.Equal(new RouteRepair(RouteKind.Queue, Names.ShardQueue(1, 1), 1, "created"), Assert.Single(changes.Repairs));
        string[] expectedQueues = [Names.DeadLetterQueue, .. Enumerable.Range(0, 3).Select(shard => Names.ShardQueue(1, shard))];
        Assert.Equal(expectedQueues.Order(StringComparer.Ordinal), await QueueNamesAsync());
        Assert.Equal(otherUrls, await OtherQueueUrlsAsync());
        Assert.Equal(3, (await Sns.ListSubscriptionsByTopicAsync(_topicArn)).Count);
        await PublishAsync("to shard 1", "1", "1");
        Assert.Equal(["to shard 1"], await DrainAsync(Names.ShardQueue(1, 1), expected: 1));

        async Task<string[]> OtherQueueUrlsAsync() =>
        [
            (await Sqs.GetQueueUrlAsync(Names.ShardQueue(1, 0))).QueueUrl,
            (await Sqs.GetQueueUrlAsync(Names.ShardQueue(1, 2))).QueueUrl,
        ];
    }

    [Fact]
    public async Task RetireShardSet_CreatedSet_RemovesQueuesAndSubscriptions()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 3, CancellationToken.None);
        await routes.EnsureShardSetAsync(2, 2, CancellationToken.None);

        var changes = await routes.RetireShardSetAsync(1, 3, CancellationToken.None);

        Assert.Equal(new RouteChanges(QueuesDeleted: 3, SubscriptionsDeleted: 3), changes);
        string[] remaining = [Names.DeadLetterQueue, Names.ShardQueue(2, 0), Names.ShardQueue(2, 1)];
        Assert.Equal(remaining.Order(StringComparer.Ordinal), await QueueNamesAsync());
        Assert.Equal(2, (await Sns.ListSubscriptionsByTopicAsync(_topicArn)).Count);
    }

    [Fact]
    public async Task RetireShardSet_RunTwice_SecondRunChangesNothing()
    {
        var routes = NewProvisioner();
        await routes.EnsureShardSetAsync(1, 2, CancellationToken.None);
        await routes.RetireShardSetAsync(1, 2, CancellationToken.None);

        var changes = await routes.RetireShardSetAsync(1, 2, CancellationToken.None);

        Assert.True(changes.IsEmpty, $"The second run changed {changes}.");
    }

    [Fact]
    public async Task DeleteInbox_ShardQueueOnBusTopic_RemovesItsSubscription()
    {
        await NewProvisioner().EnsureShardSetAsync(1, 2, CancellationToken.None);
        await using var transport = new SqsMessageTransport(
            Sqs, Sns, new SqsTransportOptions { NamePrefix = _prefix, Cluster = Cluster, BusTopicArn = _topicArn }, NullLogger<SqsMessageTransport>.Instance);

        await transport.DeleteInboxAsync(MessagingInboxes.Shard(1, 0), CancellationToken.None);

        Assert.Equal([await QueueArnAsync(Names.ShardQueue(1, 1))], await SubscribedEndpointsAsync());
    }

    private SqsRouteProvisioner NewProvisioner() =>
        new(Sqs, Sns, new SqsRouteOptions { Cluster = Cluster, QueuePrefix = _prefix, BusTopicArn = _topicArn }, NullLogger<SqsRouteProvisioner>.Instance);

    private async Task<List<string>> QueueNamesAsync()
    {
        var response = await Sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = _prefix });
        return [.. (response.QueueUrls ?? []).Select(url => url[(url.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal)];
    }

    private async Task<string> QueueArnAsync(string queueName)
    {
        var url = (await Sqs.GetQueueUrlAsync(queueName)).QueueUrl;
        return (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["QueueArn"]))).QueueARN;
    }

    private async Task<List<string>> SubscribedEndpointsAsync() =>
        [.. (await Sns.ListSubscriptionsByTopicAsync(_topicArn)).Select(subscription => subscription.Endpoint).Order(StringComparer.Ordinal)];

    private Task<SnsPublishResult> PublishAsync(string message, string shardSet, string shardId) =>
        Sns.PublishAsync(new SnsPublishRequest(_topicArn, message)
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                [BusAttributes.ShardSet] = SnsAttributeValue.FromString(shardSet),
                [BusAttributes.Shard] = SnsAttributeValue.FromString(shardId),
            },
        });

    // Receives until the expected count arrived, then once more with a short wait to catch anything extra.
    private async Task<List<string>> DrainAsync(string queueName, int expected)
    {
        var url = (await Sqs.GetQueueUrlAsync(queueName)).QueueUrl;
        var bodies = new List<string>();
        var deadline = DateTime.UtcNow + Signals.Patience;
        while (bodies.Count < expected && DateTime.UtcNow < deadline)
        {
            bodies.AddRange(await ReceiveAsync(url, waitSeconds: 1));
        }

        bodies.AddRange(await ReceiveAsync(url, waitSeconds: 1));
        return bodies;
    }

    private async Task<IEnumerable<string>> ReceiveAsync(string url, int waitSeconds)
    {
        var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = waitSeconds });
        var messages = response.Messages ?? [];
        foreach (var message in messages)
        {
            await Sqs.DeleteMessageAsync(url, message.ReceiptHandle);
        }

        return messages.Select(message => message.Body);
    }
}

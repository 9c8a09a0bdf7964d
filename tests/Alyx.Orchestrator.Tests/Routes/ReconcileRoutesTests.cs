using System.Globalization;
using System.Text.Json.Nodes;
using Alyx.Aws.Sns;
using Alyx.Coordination.Events;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Routes;

/// <summary>
/// The reconciler creates each shard set's SNS/SQS routes on moto before launching it, repairs them when they drift,
/// and retires them when a reshard replaces the set or rolls back. The shard hosts themselves talk over Redis here;
/// the routes are checked in moto.
/// </summary>
public sealed class ReconcileRoutesTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Reshard_WithSqsRoutes_ReplacesOldSetsQueues()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reshard_WithSqsRoutes_ReplacesOldSetsQueues), LauncherKind.InProcess, 1, 4);
        var routeOptions = new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn };
        var routes = new SqsRouteProvisioner(sqs, sns, routeOptions, NullLogger<SqsRouteProvisioner>.Instance);
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a", routes: routes);
        var first = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        var firstQueues = await QueueNamesAsync(sqs, prefix);

        await cluster.ScaleAsync(3);
        var second = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3) && s.ActiveShardSetEpoch != first.ActiveShardSetEpoch, Timeout);

        string[] expectedFirst = [names.DeadLetterQueue, names.ShardQueue(first.ActiveShardSetEpoch, 0), names.ShardQueue(first.ActiveShardSetEpoch, 1)];
        Assert.Equal(expectedFirst.Order(StringComparer.Ordinal), firstQueues);
        string[] expectedSecond = [names.DeadLetterQueue, .. Enumerable.Range(0, 3).Select(shard => names.ShardQueue(second.ActiveShardSetEpoch, shard))];
        Assert.Equal(expectedSecond.Order(StringComparer.Ordinal), await QueueNamesAsync(sqs, prefix));
        Assert.Equal(3, (await sns.ListSubscriptionsByTopicAsync(topicArn)).Count);
    }

    [Fact]
    public async Task RouteCheck_QueueDeletedAndFilterChanged_RepairsOnlyThose()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(RouteCheck_QueueDeletedAndFilterChanged_RepairsOnlyThose), LauncherKind.InProcess, 1, 4);
        var routes = new SqsRouteProvisioner(sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance);
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(3);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", options => options.RouteCheckInterval = TimeSpan.FromMilliseconds(300), routes: routes);
        var status = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);
        var epoch = status.ActiveShardSetEpoch;
        var queuesBefore = await QueueUrlsAsync(sqs, prefix);
        var subscriptionsBefore = await FilterPoliciesAsync(sns, topicArn);
        var deletedQueue = names.ShardQueue(epoch, 1);
        var refilteredArn = subscriptionsBefore.Single(pair => pair.Value.Endpoint.EndsWith(":" + names.ShardQueue(epoch, 2), StringComparison.Ordinal)).Key;

        await sqs.DeleteQueueAsync(queuesBefore[deletedQueue]);
        await sns.SetSubscriptionAttributesAsync(refilteredArn, "FilterPolicy", BusAttributes.FilterPolicy(epoch, 0));
        var repairs = await WaitForEventsAsync(orchestrator, OperatorEventTypes.RoutesRepaired, 2);

        var queueRepair = Assert.Single(repairs, e => e.ShardId == 1);
        Assert.Equal("QueueRepaired", queueRepair.Reason);
        Assert.Contains($"queue {deletedQueue} (shard 1): created", queueRepair.Message, StringComparison.Ordinal);
        var subscriptionRepair = Assert.Single(repairs, e => e.ShardId == 2);
        Assert.Equal("SubscriptionRepaired", subscriptionRepair.Reason);
        Assert.Contains($"subscription of queue {names.ShardQueue(epoch, 2)} (shard 2): set FilterPolicy", subscriptionRepair.Message, StringComparison.Ordinal);
        Assert.All(repairs, e => Assert.Equal(epoch, e.ShardSetEpoch));
        var queuesAfter = await QueueUrlsAsync(sqs, prefix);
        Assert.Equal(queuesBefore.Keys.Order(StringComparer.Ordinal), queuesAfter.Keys.Order(StringComparer.Ordinal));
        Assert.All(queuesBefore.Where(pair => pair.Key != deletedQueue), pair => Assert.Equal(pair.Value, queuesAfter[pair.Key]));
        var subscriptionsAfter = await FilterPoliciesAsync(sns, topicArn);
        Assert.Equal(subscriptionsBefore.Keys.Order(StringComparer.Ordinal), subscriptionsAfter.Keys.Order(StringComparer.Ordinal));
        Assert.All(subscriptionsBefore, pair => Assert.Equal(pair.Value, subscriptionsAfter[pair.Key]));
        await sns.PublishAsync(new SnsPublishRequest(topicArn, "to shard 1")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                [BusAttributes.ShardSet] = SnsAttributeValue.FromString(epoch.ToString(CultureInfo.InvariantCulture)),
                [BusAttributes.Shard] = SnsAttributeValue.FromString("1"),
            },
        });
        Assert.Equal("to shard 1", await ReceiveOneAsync(sqs, queuesAfter[deletedQueue]));
    }

    [Fact]
    public async Task RouteCheck_PendingSetQueueDeleted_RepairsIt()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(RouteCheck_PendingSetQueueDeleted_RepairsIt), LauncherKind.InProcess, 2, 2);
        var routes = new SignalingRouteProvisioner(new SqsRouteProvisioner(
            sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance));
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(2);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", options => options.RouteCheckInterval = TimeSpan.FromMilliseconds(300), routes: routes);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        var pendingEpoch = before.ActiveShardSetEpoch + 1;

        // A lease held here keeps shard 0 of the new set waiting, so the set stays pending until the test ends.
        var leases = new RedisLeaseStore(redis.Connection, new ClusterKeys(cluster.Cluster), TimeSpan.Zero);
        var blocker = await leases.TryAcquireAsync(LeaseNames.Shard(pendingEpoch, 0), "test-blocker", TimeSpan.FromMinutes(3), CancellationToken.None);
        await cluster.ScaleAsync(3, ReshardStrategy.BlueGreen);
        await routes.WaitForEnsuredAsync(pendingEpoch, Timeout);
        var deletedQueue = names.ShardQueue(pendingEpoch, 2);

        await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(deletedQueue)).QueueUrl);
        var repair = Assert.Single(await WaitForEventsAsync(orchestrator, OperatorEventTypes.RoutesRepaired, 1));
        var status = await new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster.Cluster)).ReadStatusAsync(CancellationToken.None);

        Assert.True(blocker.Acquired);
        Assert.Equal(pendingEpoch, repair.ShardSetEpoch);
        Assert.Equal(2, repair.ShardId);
        Assert.Equal("QueueRepaired", repair.Reason);
        Assert.Equal(pendingEpoch, status?.PendingShardSet?.Epoch);
        Assert.False(status!.PendingShardSet!.RolledBack);
        Assert.Contains(deletedQueue, await QueueNamesAsync(sqs, prefix));
        await leases.ReleaseAsync(LeaseNames.Shard(pendingEpoch, 0), "test-blocker", blocker.FencingToken, CancellationToken.None);
    }

    [Fact]
    public async Task RouteCheck_ProvisionerFailing_ShardsStillReplaced()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(RouteCheck_ProvisionerFailing_ShardsStillReplaced), LauncherKind.InProcess, 1, 4);
        var routes = new SignalingRouteProvisioner(new SqsRouteProvisioner(
            sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance));
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a", options => options.RouteCheckInterval = TimeSpan.FromMilliseconds(300), routes: routes);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        // Checks fail from here on; a pass that failed with them would never get to the restart.
        routes.FailEnsure = true;
        await new RestartRequests(redis.Connection, new ClusterKeys(cluster.Cluster)).RequestAsync(0);
        var after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2) && s.Shards[0].TaskId != before.Shards[0].TaskId, Timeout);

        Assert.Equal(before.ActiveShardSetEpoch, after.ActiveShardSetEpoch);
        Assert.Equal(1, after.Shards[0].RestartCount);
    }

    [Fact]
    public async Task BlueGreenRollback_WithSqsRoutes_RemovesRolledBackSetsQueues()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(BlueGreenRollback_WithSqsRoutes_RemovesRolledBackSetsQueues), LauncherKind.InProcess, 2, 2);
        var routes = new SignalingRouteProvisioner(new SqsRouteProvisioner(
            sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance));
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a", options => options.BlueGreenReadyTimeout = TimeSpan.FromMilliseconds(1), routes: routes);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        var generation = await cluster.ScaleAsync(3, ReshardStrategy.BlueGreen);
        var rolledBack = await cluster.WaitForStatusAsync(s => s.ObservedGeneration == generation && s.PendingShardSet is { RolledBack: true }, Timeout);
        await routes.WaitForRetiredAsync(rolledBack.PendingShardSet!.Epoch, Timeout);

        Assert.True(routes.WasEnsured(rolledBack.PendingShardSet.Epoch), "the rolled-back set never had routes, so retiring them proves nothing");
        Assert.Equal(ActiveSetQueues(names, before.ActiveShardSetEpoch, 2), await QueueNamesAsync(sqs, prefix));
        Assert.Equal(2, (await sns.ListSubscriptionsByTopicAsync(topicArn)).Count);
    }

    [Fact]
    public async Task Takeover_AfterRollback_NewLeaderRemovesRolledBackQueues()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Takeover_AfterRollback_NewLeaderRemovesRolledBackQueues), LauncherKind.InProcess, 2, 2);
        var sqsRoutes = new SqsRouteProvisioner(sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance);
        var routes = new SignalingRouteProvisioner(sqsRoutes);
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(2);

        // The first leader rolls back without touching routes, as a leader that stopped before retiring them.
        var first = cluster.StartOrchestrator("orchestrator-a", options => options.BlueGreenReadyTimeout = TimeSpan.FromMilliseconds(1));
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        var generation = await cluster.ScaleAsync(3, ReshardStrategy.BlueGreen);
        var rolledBack = await cluster.WaitForStatusAsync(s => s.ObservedGeneration == generation && s.PendingShardSet is { RolledBack: true }, Timeout);
        var rolledBackEpoch = rolledBack.PendingShardSet!.Epoch;
        await sqsRoutes.EnsureShardSetAsync(rolledBackEpoch, 3, CancellationToken.None);
        await cluster.StopOrchestratorAsync(first, stopTasks: true);

        cluster.StartOrchestrator("orchestrator-b", routes: routes);
        await routes.WaitForRetiredAsync(rolledBackEpoch, Timeout);
        await routes.WaitForEnsuredAsync(before.ActiveShardSetEpoch, Timeout);

        Assert.Equal(ActiveSetQueues(names, before.ActiveShardSetEpoch, 2), await QueueNamesAsync(sqs, prefix));
        Assert.Equal(2, (await sns.ListSubscriptionsByTopicAsync(topicArn)).Count);
    }

    [Fact]
    public async Task Takeover_QueueDeletedWithoutLeader_NewLeaderReportsRepair()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Takeover_QueueDeletedWithoutLeader_NewLeaderReportsRepair), LauncherKind.InProcess, 1, 4);
        var routes = new SqsRouteProvisioner(sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance);
        var names = new SqsRouteNames(prefix, cluster.Cluster);
        await cluster.ScaleAsync(2);
        var first = cluster.StartOrchestrator("orchestrator-a", routes: routes);
        var status = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        await cluster.StopOrchestratorAsync(first, stopTasks: true);
        var deletedQueue = names.ShardQueue(status.ActiveShardSetEpoch, 0);
        await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(deletedQueue)).QueueUrl);

        // The default interval of 5 minutes leaves the repair to the new leader's first check.
        var second = cluster.StartOrchestrator("orchestrator-b", routes: routes);
        var repair = Assert.Single(await WaitForEventsAsync(second, OperatorEventTypes.RoutesRepaired, 1));

        Assert.Equal("QueueRepaired", repair.Reason);
        Assert.Equal(0, repair.ShardId);
        Assert.Contains($"queue {deletedQueue} (shard 0): created", repair.Message, StringComparison.Ordinal);
        Assert.Equal(ActiveSetQueues(names, status.ActiveShardSetEpoch, 2), await QueueNamesAsync(sqs, prefix));
    }

    [Fact]
    public async Task Takeover_ProvisionerFailing_NewLeaderStillReconciles()
    {
        using var sqs = MotoClients.Sqs();
        using var sns = MotoClients.Sns();
        var prefix = "o" + Guid.NewGuid().ToString("N")[..12];
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Takeover_ProvisionerFailing_NewLeaderStillReconciles), LauncherKind.InProcess, 1, 4);
        var routes = new SignalingRouteProvisioner(new SqsRouteProvisioner(
            sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn }, NullLogger<SqsRouteProvisioner>.Instance));
        await cluster.ScaleAsync(2);
        var first = cluster.StartOrchestrator("orchestrator-a", routes: routes);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        await cluster.StopOrchestratorAsync(first, stopTasks: true);

        // The set's tasks ran before, so the new leader's failing first check must not stop its passes.
        routes.FailEnsure = true;
        var startedAt = DateTimeOffset.UtcNow;
        cluster.StartOrchestrator("orchestrator-b", routes: routes);
        var after = await cluster.WaitForStatusAsync(
            s => OrchestratorCluster.AllReady(s, 2) && s.Shards.All(shard => shard.LastHeartbeat > startedAt), Timeout);

        Assert.Equal(before.ActiveShardSetEpoch, after.ActiveShardSetEpoch);
        Assert.True(after.UpdatedAt > startedAt, $"the status is from {after.UpdatedAt:O}, before the new leader started at {startedAt:O}");
    }

    private static List<string> ActiveSetQueues(SqsRouteNames names, long epoch, int count) =>
        [.. Enumerable.Range(0, count).Select(shard => names.ShardQueue(epoch, shard)).Append(names.DeadLetterQueue).Order(StringComparer.Ordinal)];

    private static async Task<List<OperatorEvent>> WaitForEventsAsync(OrchestratorHost orchestrator, string type, int count)
    {
        // The orchestrator appends a pass's events after its status write; following the log waits on its notifications.
        var found = new List<OperatorEvent>();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var operatorEvent in orchestrator.Events.FollowAsync(null, deadline.Token))
            {
                if (operatorEvent.Type == type)
                {
                    found.Add(operatorEvent);
                    if (found.Count == count)
                    {
                        return found;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Reported below with what arrived.
        }

        throw new TimeoutException($"{found.Count} of {count} {type} events within {Timeout}: {string.Join(" | ", found.Select(e => e.Message))}");
    }

    private static async Task<Dictionary<string, string>> QueueUrlsAsync(Amazon.SQS.AmazonSQSClient sqs, string prefix)
    {
        var response = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        return (response.QueueUrls ?? []).ToDictionary(url => url[(url.LastIndexOf('/') + 1)..], url => url, StringComparer.Ordinal);
    }

    // Subscription ARN to its endpoint and normalized filter policy.
    private static async Task<Dictionary<string, (string Endpoint, string? FilterPolicy)>> FilterPoliciesAsync(SnsClient sns, string topicArn)
    {
        var result = new Dictionary<string, (string Endpoint, string? FilterPolicy)>(StringComparer.Ordinal);
        foreach (var subscription in await sns.ListSubscriptionsByTopicAsync(topicArn))
        {
            var attributes = await sns.GetSubscriptionAttributesAsync(subscription.SubscriptionArn);
            var policy = attributes.TryGetValue("FilterPolicy", out var text) ? JsonNode.Parse(text)?.ToJsonString() : null;
            result[subscription.SubscriptionArn] = (subscription.Endpoint, policy);
        }

        return result;
    }

    private static async Task<string?> ReceiveOneAsync(Amazon.SQS.AmazonSQSClient sqs, string url)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            // A long poll waits on the queue, not on a timer.
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 1, WaitTimeSeconds = 1 });
            if (response.Messages is [var message, ..])
            {
                return message.Body;
            }
        }

        return null;
    }

    private static async Task<List<string>> QueueNamesAsync(Amazon.SQS.AmazonSQSClient sqs, string prefix)
    {
        var response = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        return [.. (response.QueueUrls ?? []).Select(url => url[(url.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal)];
    }
}

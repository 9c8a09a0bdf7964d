using Alyx.Coordination.Messaging;
using Alyx.Coordination.Routes;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Routes;

/// <summary>
/// The reconciler creates each shard set's SNS/SQS routes on moto before launching it and retires them when a reshard
/// replaces the set. The shard hosts themselves talk over Redis here; the routes are checked in moto.
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

    private static async Task<List<string>> QueueNamesAsync(Amazon.SQS.AmazonSQSClient sqs, string prefix)
    {
        var response = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        return [.. (response.QueueUrls ?? []).Select(url => url[(url.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal)];
    }
}

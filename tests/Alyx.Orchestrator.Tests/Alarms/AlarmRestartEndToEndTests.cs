using Alyx.Coordination.Events;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Amazon.SQS;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Alarms;

/// <summary>
/// An alarm on a moto queue restarts one shard through the reconciler: two orchestrators listen, only the leader
/// reads the queue, and the shard named in the alarm gets a new task while the other keeps its own.
/// </summary>
public sealed class AlarmRestartEndToEndTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RestartAlarm_TwoOrchestrators_LeaderReplacesNamedShard()
    {
        using var sqs = MotoClients.Sqs();
        var queueUrl = (await sqs.CreateQueueAsync("alarms-" + Guid.NewGuid().ToString("N"))).QueueUrl;
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(RestartAlarm_TwoOrchestrators_LeaderReplacesNamedShard), LauncherKind.InProcess, 1, 4);
        var first = NewListener(sqs, queueUrl, cluster.Cluster);
        var second = NewListener(sqs, queueUrl, cluster.Cluster);
        await cluster.ScaleAsync(2);
        var a = cluster.StartOrchestrator("orchestrator-a", alarms: first);
        var b = cluster.StartOrchestrator("orchestrator-b", alarms: second);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        var alarm = AlarmMessages.SingleMetric("shard-unhealthy", "ALARM", "GatewayLatency", ("Cluster", cluster.Cluster), ("ShardId", "1"));
        await sqs.SendMessageAsync(queueUrl, AlarmMessages.InSnsEnvelope(alarm, "shard-unhealthy"));
        var after = await cluster.WaitForStatusAsync(
            s => OrchestratorCluster.AllReady(s, 2) && s.Shards[1].RestartCount == 1 && s.Shards[1].TaskId != before.Shards[1].TaskId, Timeout);

        var leader = a.Runner.IsLeader ? first : second;
        var standby = a.Runner.IsLeader ? second : first;
        Assert.NotEqual(a.Runner.IsLeader, b.Runner.IsLeader);
        Assert.Equal(1, leader.Statistics.Acted);
        Assert.Equal(0, standby.Statistics.Received);
        Assert.Equal(before.Shards[0].TaskId, after.Shards[0].TaskId);
        Assert.Equal(0, after.Shards[0].RestartCount);
        var events = await new RedisEventLog(redis.Connection, new ClusterKeys(cluster.Cluster), new EventLogOptions(), TimeProvider.System).ReadAsync(null, 1000, CancellationToken.None);
        Assert.Contains(events, e => e.Type == OperatorEventTypes.AlarmReceived && e.Reason == "RestartRequested" && e.ShardId == 1);
    }

    private AlarmListener NewListener(IAmazonSQS sqs, string queueUrl, string clusterName)
    {
        var keys = new ClusterKeys(clusterName);
        var options = new AlarmOptions { QueueUrl = queueUrl, ReceiveWaitTime = TimeSpan.FromSeconds(1) };
        options.Rules.Add(new AlarmRule { Match = "shard-unhealthy", Action = "restart-shard" });
        return new AlarmListener(
            sqs, options, clusterName, new RedisClusterStateStore(redis.Connection, keys), new RestartRequests(redis.Connection, keys),
            new AlarmCooldowns(redis.Connection, keys), new RedisEventLog(redis.Connection, keys, new EventLogOptions(), TimeProvider.System),
            NullLogger<AlarmListener>.Instance);
    }
}

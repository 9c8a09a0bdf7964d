using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>The reconcile loop with in-process shard hosts, real Redis and the Discord emulator.</summary>
public sealed class InProcessReconcileTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reconcile_FixedCount_BootsEveryShardOnce()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_FixedCount_BootsEveryShardOnce), LauncherKind.InProcess, 1, 2);
        var generation = await cluster.ScaleAsync(4);

        cluster.StartOrchestrator("orchestrator-a");
        var status = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4) && ClusterConditions.IsTrue(s.Conditions, ClusterConditionTypes.Available), Timeout);

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(generation, status.ObservedGeneration);
        Assert.Equal(0, stats.IdentifyViolations);
        Assert.True(stats.Identifies.Count == 4, "identifies: " + string.Join("; ", stats.Identifies));
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.False(ClusterConditions.IsTrue(status.Conditions, ClusterConditionTypes.Degraded));
    }

    [Fact]
    public async Task Reconcile_AutoCount_RunsRecommendedCount()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_AutoCount_RunsRecommendedCount), LauncherKind.InProcess, 3, 4);
        await cluster.ScaleAsync(null);

        cluster.StartOrchestrator("orchestrator-a");
        var status = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);

        Assert.Equal(3, status.ShardCount);
    }

    [Fact]
    public async Task Reconcile_ScaleToZero_StopsEveryTask()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_ScaleToZero_StopsEveryTask), LauncherKind.InProcess, 1, 2);
        await cluster.ScaleAsync(2);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        await cluster.ScaleAsync(0);
        var status = await cluster.WaitForStatusAsync(s => s.ShardCount == 0 && ClusterConditions.IsTrue(s.Conditions, ClusterConditionTypes.Available), Timeout);

        Assert.Empty(await orchestrator.Launcher.ListAsync(CancellationToken.None));
        Assert.Equal("ScaledToZero", ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Available)!.Reason);
    }

    [Fact]
    public async Task Reshard_Completed_DeletesRetiredSetInboxes()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reshard_Completed_DeletesRetiredSetInboxes), LauncherKind.InProcess, 1, 2);
        var keys = new ClusterKeys(cluster.Cluster);
        var database = redis.Connection.GetDatabase();
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a");
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);
        var retired = Enumerable.Range(0, 2).Select(shard => keys.For("bus", "inbox", $"set{before.ActiveShardSetEpoch}-shard{shard}")).ToList();
        var existedBefore = await Task.WhenAll(retired.Select(key => database.KeyExistsAsync(key)));

        await cluster.ScaleAsync(3);
        var after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);

        var existAfter = await Task.WhenAll(retired.Select(key => database.KeyExistsAsync(key)));
        var active = await database.KeyExistsAsync(keys.For("bus", "inbox", $"set{after.ActiveShardSetEpoch}-shard0"));
        Assert.All(existedBefore, Assert.True);
        Assert.All(existAfter, Assert.False);
        Assert.True(active, "the active set's inbox must stay");
    }

    [Fact]
    public async Task LeaderElection_TwoOrchestrators_OnlyLeaderLaunches()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LeaderElection_TwoOrchestrators_OnlyLeaderLaunches), LauncherKind.InProcess, 1, 4);
        await cluster.ScaleAsync(3);

        var first = cluster.StartOrchestrator("orchestrator-a");
        var second = cluster.StartOrchestrator("orchestrator-b");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);

        var tasks = (await first.Launcher.ListAsync(CancellationToken.None)).Count + (await second.Launcher.ListAsync(CancellationToken.None)).Count;
        Assert.Equal(3, tasks);
        Assert.NotEqual(first.Runner.IsLeader, second.Runner.IsLeader);
        Assert.Equal(0, cluster.Emulator.GetStats().DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task Reconcile_RestartRequest_ReplacesOnlyThatShard()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_RestartRequest_ReplacesOnlyThatShard), LauncherKind.InProcess, 1, 4);
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a");
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        await new RestartRequests(redis.Connection, new ClusterKeys(cluster.Cluster)).RequestAsync(0);
        var after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2) && s.Shards[0].TaskId != before.Shards[0].TaskId, Timeout);

        Assert.Equal(1, after.Shards[0].RestartCount);
        Assert.Equal(before.Shards[1].TaskId, after.Shards[1].TaskId);
        Assert.Equal(0, cluster.Emulator.GetStats().DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task Reconcile_DisallowedIntents_DegradedWithoutRelaunch()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_DisallowedIntents_DegradedWithoutRelaunch), LauncherKind.InProcess, 1, 4);
        await cluster.ScaleAsync(2);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        cluster.Emulator.CloseConnection(1, 4014);
        var status = await cluster.WaitForStatusAsync(s => ClusterConditions.IsTrue(s.Conditions, ClusterConditionTypes.Degraded), Timeout);
        var tasks = await orchestrator.Launcher.ListAsync(CancellationToken.None);

        var degraded = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded)!;
        var progressing = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Progressing)!;
        Assert.Equal(ConditionStatus.False, progressing.Status);
        Assert.Equal("FatalCloseCode", progressing.Reason);
        Assert.Equal("FatalCloseCode", degraded.Reason);
        Assert.Contains("4014", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("Developer Portal", degraded.Message, StringComparison.Ordinal);
        Assert.Equal(ShardPhase.Failed, status.Shards[1].Phase);
        Assert.DoesNotContain(tasks, task => task.ShardId == 1);
    }

    [Fact]
    public async Task Reconcile_ShardingRequired_ReshardsToMoreShards()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_ShardingRequired_ReshardsToMoreShards), LauncherKind.InProcess, 1, 4);
        await cluster.ScaleAsync(2);
        cluster.StartOrchestrator("orchestrator-a");
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        cluster.Emulator.CloseConnection(0, 4011);
        var after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);

        Assert.True(after.ActiveShardSetEpoch > before.ActiveShardSetEpoch);
        Assert.Equal(0, cluster.Emulator.GetStats().DuplicateSessionOverlaps.Count);
    }
}

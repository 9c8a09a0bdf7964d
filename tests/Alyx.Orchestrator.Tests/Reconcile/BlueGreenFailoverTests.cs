using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>
/// A 4 -> 6 blue-green reshard whose leader crashes part way, with a standby that takes the leader lease and must
/// finish the reshard. With in-process hosts both candidates share one launcher, so the hosts outlive the crashed
/// leader as ECS tasks do, and a recording plugin checks that every emitted message is handled exactly once. With
/// local shard processes each candidate has its own launcher and the standby adopts the processes by their records.
/// </summary>
public sealed class BlueGreenFailoverTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EmitInterval = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Failover_KilledWhilePendingStarts_StandbyFinishes()
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(
            redis.Connection, nameof(Failover_KilledWhilePendingStarts_StandbyFinishes), LauncherKind.InProcess, 4, 2);
        var (launcher, first, second, before) = await BootTwoCandidatesAsync(cluster, recorder, TimeSpan.FromSeconds(2));
        ClusterStatus starting;
        ClusterStatus after;
        bool leaderAtKill;
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(50, Timeout);

            var generation = await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
            starting = await cluster.WaitForStatusAsync(
                s => s.ObservedGeneration == generation && s.PendingShardSet is { ShardCount: 6, RolledBack: false } pending
                    && pending.Shards.Any(shard => shard.TaskId is not null) && pending.Shards.Any(shard => shard.Phase != ShardPhase.Ready),
                Timeout);
            leaderAtKill = first.Runner.IsLeader;
            await cluster.KillOrchestratorAsync(first);
            after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6) && s.RetiringShardSet is null && s.PendingShardSet is null, Timeout);
            await recorder.WaitForCountAsync(recorder.Handled.Count + 50, Timeout);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;

        await ReshardAssertions.AssertSwitchedOnceAsync(cluster, launcher, second.Events, recorder, emitted, before, after);
        Assert.True(leaderAtKill, "the first candidate was not the leader when it was killed");
        Assert.True(second.Runner.IsLeader, "the standby did not take over");
        Assert.Equal(starting.PendingShardSet!.Epoch, after.ActiveShardSetEpoch);
    }

    [Fact]
    public async Task Failover_KilledAfterCutover_StandbyRetiresOldSet()
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(
            redis.Connection, nameof(Failover_KilledAfterCutover_StandbyRetiresOldSet), LauncherKind.InProcess, 4, 2);

        // The old set runs until the cutover plus this delay, so the kill lands while it still runs.
        var (launcher, first, second, before) = await BootTwoCandidatesAsync(cluster, recorder, TimeSpan.FromSeconds(4));
        ClusterStatus switched;
        ClusterStatus after;
        IReadOnlyList<ShardTask> tasksAtKill;
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(50, Timeout);

            var generation = await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
            switched = await cluster.WaitForStatusAsync(s => s.ObservedGeneration == generation && s.RetiringShardSet is not null, Timeout);
            tasksAtKill = await launcher.ListAsync(CancellationToken.None);
            await cluster.KillOrchestratorAsync(first);
            after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6) && s.RetiringShardSet is null && s.PendingShardSet is null, Timeout);
            await recorder.WaitForCountAsync(recorder.Handled.Count + 50, Timeout);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;

        await ReshardAssertions.AssertSwitchedOnceAsync(cluster, launcher, second.Events, recorder, emitted, before, after);
        Assert.True(second.Runner.IsLeader, "the standby did not take over");
        Assert.Equal(before.ActiveShardSetEpoch, switched.RetiringShardSet!.Epoch);
        Assert.Equal(4, tasksAtKill.Count(task => task.ShardSet == before.ActiveShardSetEpoch));
    }

    [Fact]
    public async Task Failover_LocalProcessLeaderKilled_StandbyAdopts()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(
            redis.Connection, nameof(Failover_LocalProcessLeaderKilled_StandbyAdopts), LauncherKind.Process, 4, 2);
        var options = cluster.Options();
        options.RetireDelay = TimeSpan.FromSeconds(2);
        await cluster.ScaleAsync(4);
        var first = await cluster.StartKillableOrchestratorAsync("orchestrator-a", cluster.CreateProcessLauncher(), options);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        var launcher = cluster.CreateProcessLauncher();
        var second = await cluster.StartKillableOrchestratorAsync("orchestrator-b", launcher, options);

        var generation = await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
        await cluster.WaitForStatusAsync(
            s => s.ObservedGeneration == generation && s.PendingShardSet is { ShardCount: 6, RolledBack: false } pending
                && pending.Shards.Any(shard => shard.TaskId is not null) && pending.Shards.Any(shard => shard.Phase != ShardPhase.Ready),
            Timeout);
        await cluster.KillOrchestratorAsync(first);
        var after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6) && s.RetiringShardSet is null && s.PendingShardSet is null, Timeout);
        await ReshardAssertions.WaitForEventAsync(second.Events, OperatorEventTypes.ReshardCompleted);
        var tasks = await launcher.ListAsync(CancellationToken.None);
        var events = await ReshardAssertions.EventTypesAsync(second.Events);
        var stats = cluster.Emulator.GetStats();

        Assert.Equal(before.ActiveShardSetEpoch + 1, after.ActiveShardSetEpoch);
        Assert.Equal(6, tasks.Count);
        Assert.All(tasks, task => Assert.Equal(after.ActiveShardSetEpoch, task.ShardSet));
        Assert.Equal(6, tasks.Select(task => task.ShardId).Distinct().Count());
        Assert.Single(events, type => type == OperatorEventTypes.ShardSetSwitched);
        Assert.Single(events, type => type == OperatorEventTypes.ReshardCompleted);
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
    }

    private static async Task<(InProcessShardLauncher Launcher, OrchestratorHost First, OrchestratorHost Second, ClusterStatus Before)> BootTwoCandidatesAsync(
        OrchestratorCluster cluster, HandledEventRecorder recorder, TimeSpan retireDelay)
    {
        var launcher = cluster.CreateSharedLauncher(recorder.AddTo);
        var options = cluster.Options();
        options.RetireDelay = retireDelay;
        await cluster.ScaleAsync(4);

        // The first candidate boots the cluster alone, so it is the leader when the standby starts.
        var first = await cluster.StartKillableOrchestratorAsync("orchestrator-a", launcher, options);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        var second = await cluster.StartKillableOrchestratorAsync("orchestrator-b", launcher, options);
        return (launcher, first, second, before);
    }
}

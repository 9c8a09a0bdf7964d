using Alyx.Coordination.Events;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>Blue-green resharding with in-process shard hosts, real Redis and the Discord emulator emitting messages throughout.</summary>
public sealed class BlueGreenReshardTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan EmitInterval = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task BlueGreen_FourToSix_HandlesEveryEventExactlyOnce()
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(BlueGreen_FourToSix_HandlesEveryEventExactlyOnce), LauncherKind.InProcess, 4, 2);
        await cluster.ScaleAsync(4);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", options => options.RetireDelay = TimeSpan.FromSeconds(2), recorder.AddTo);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        ClusterStatus after;
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(50, Timeout);

            var generation = await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
            await cluster.WaitForStatusAsync(s => s.PendingShardSet is { ShardCount: 6 } && s.ObservedGeneration == generation, Timeout);
            after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6) && s.RetiringShardSet is null && s.PendingShardSet is null, Timeout);
            var handledAtEnd = recorder.Handled.Count;
            await recorder.WaitForCountAsync(handledAtEnd + 50, Timeout);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;
        await recorder.WaitForCountAsync(emitted.Count, Timeout);
        var handled = recorder.Handled;
        var stats = cluster.Emulator.GetStats();
        var completed = await WaitForEventAsync(orchestrator, OperatorEventTypes.ReshardCompleted);
        var events = await orchestrator.Events.ReadAsync(null, 1000, CancellationToken.None);

        Assert.Equal(before.ActiveShardSetEpoch + 1, after.ActiveShardSetEpoch);
        Assert.DoesNotContain(emitted, message => message.Sessions == 0);
        Assert.Empty(handled.GroupBy(message => message.MessageId).Where(group => group.Count() > 1).Select(group => group.Key));
        Assert.Empty(emitted.Select(message => message.MessageId).Except(handled.Select(message => message.MessageId)));
        Assert.Equal(emitted.Count, handled.Count);
        Assert.Contains(handled, message => message.ShardSet == before.ActiveShardSetEpoch);
        Assert.Contains(handled, message => message.ShardSet == after.ActiveShardSetEpoch);
        Assert.Contains(emitted, message => message.Sessions == 2);
        Assert.True(LastOf(handled, before.ActiveShardSetEpoch) < FirstOf(handled, after.ActiveShardSetEpoch), "the old set handled a message created after the new set's first");
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.Equal(0, stats.IdentifyViolations);
        Assert.Contains(events, e => e.Type == OperatorEventTypes.ShardSetSwitched);
        Assert.Equal(after.ActiveShardSetEpoch, completed.ShardSetEpoch);
        var reshardStarted = IndexOf(events, OperatorEventTypes.ReshardStarted, after.ActiveShardSetEpoch);
        var firstLaunch = IndexOf(events, OperatorEventTypes.TaskLaunched, after.ActiveShardSetEpoch);
        Assert.True(reshardStarted >= 0, "no ReshardStarted event for the new set");
        Assert.True(reshardStarted < firstLaunch, $"ReshardStarted at index {reshardStarted} follows the new set's first TaskLaunched at {firstLaunch}");
        Assert.DoesNotContain(await orchestrator.Launcher.ListAsync(CancellationToken.None), task => task.ShardSet == before.ActiveShardSetEpoch);
    }

    [Fact]
    public async Task BlueGreen_NewSetMissesDeadline_RollsBackAndOldSetKeepsHandling()
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(BlueGreen_NewSetMissesDeadline_RollsBackAndOldSetKeepsHandling), LauncherKind.InProcess, 2, 2);
        await cluster.ScaleAsync(2);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", options => options.BlueGreenReadyTimeout = TimeSpan.FromMilliseconds(1), recorder.AddTo);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        var generation = await cluster.ScaleAsync(3, ReshardStrategy.BlueGreen);
        var rolledBack = await cluster.WaitForStatusAsync(
            s => s.ObservedGeneration == generation && ClusterConditions.Find(s.Conditions, ClusterConditionTypes.Degraded) is { Status: ConditionStatus.True, Reason: "ReshardRolledBack" },
            Timeout);
        await WaitUntilNoTaskOfSetAsync(orchestrator, rolledBack.PendingShardSet!.Epoch);
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(100, Timeout);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;
        await recorder.WaitForCountAsync(emitted.Count, Timeout);
        var handled = recorder.Handled;
        var rollbackEvent = await WaitForEventAsync(orchestrator, OperatorEventTypes.ReshardRolledBack);
        var progressing = ClusterConditions.Find(rolledBack.Conditions, ClusterConditionTypes.Progressing)!;

        Assert.Equal(before.ActiveShardSetEpoch, rolledBack.ActiveShardSetEpoch);
        Assert.Equal(2, rolledBack.ShardCount);
        Assert.True(rolledBack.PendingShardSet.RolledBack);
        Assert.StartsWith("ReadyTimeout", rolledBack.PendingShardSet.RollbackReason, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.False, progressing.Status);
        Assert.Equal("ReshardRolledBack", progressing.Reason);
        Assert.Equal("ReadyTimeout", rollbackEvent.Reason);
        Assert.Equal(emitted.Count, handled.Count);
        Assert.Equal(emitted.Count, handled.Select(message => message.MessageId).Distinct().Count());
        Assert.All(handled, message => Assert.Equal(before.ActiveShardSetEpoch, message.ShardSet));
        Assert.Equal(before.ActiveShardSetEpoch, (await new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster.Cluster)).ReadActiveShardSetAsync(CancellationToken.None)).Set!.Epoch);
    }

    [Fact]
    public async Task BlueGreen_NewCountInvalidShard_RollsBackAtOnce()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(
            redis.Connection, nameof(BlueGreen_NewCountInvalidShard_RollsBackAtOnce), LauncherKind.InProcess, 2, 2, shardCountMultiple: 2);
        await cluster.ScaleAsync(2);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 2), Timeout);

        var generation = await cluster.ScaleAsync(3, ReshardStrategy.BlueGreen);
        var rolledBack = await cluster.WaitForStatusAsync(s => s.ObservedGeneration == generation && s.PendingShardSet is { RolledBack: true }, Timeout);
        var rollbackEvent = await WaitForEventAsync(orchestrator, OperatorEventTypes.ReshardRolledBack);

        Assert.StartsWith("FatalCloseCode", rolledBack.PendingShardSet!.RollbackReason, StringComparison.Ordinal);
        Assert.Contains("4010", rolledBack.PendingShardSet.RollbackReason, StringComparison.Ordinal);
        Assert.True(OrchestratorCluster.AllReady(rolledBack, 2));
        Assert.Equal(before.ActiveShardSetEpoch, rolledBack.ActiveShardSetEpoch);
        Assert.Equal("ReshardRolledBack", ClusterConditions.Find(rolledBack.Conditions, ClusterConditionTypes.Degraded)!.Reason);
        Assert.Equal("FatalCloseCode", rollbackEvent.Reason);
    }

    private static async Task<OperatorEvent> WaitForEventAsync(Alyx.Orchestrator.Hosting.OrchestratorHost orchestrator, string type)
    {
        // The orchestrator appends a pass's events after its status write, so the event may follow the status.
        using var deadline = new CancellationTokenSource(Timeout);
        await foreach (var operatorEvent in orchestrator.Events.FollowAsync(null, deadline.Token))
        {
            if (operatorEvent.Type == type)
            {
                return operatorEvent;
            }
        }

        throw new TimeoutException($"No {type} event within {Timeout}.");
    }

    private static int IndexOf(IReadOnlyList<OperatorEvent> events, string type, long shardSet)
    {
        for (var index = 0; index < events.Count; index++)
        {
            if (events[index].Type == type && events[index].ShardSetEpoch == shardSet)
            {
                return index;
            }
        }

        return -1;
    }

    private static ulong LastOf(IReadOnlyList<(ulong MessageId, long ShardSet, int ShardId)> handled, long shardSet) =>
        handled.Where(message => message.ShardSet == shardSet).Max(message => message.MessageId >> 22);

    private static ulong FirstOf(IReadOnlyList<(ulong MessageId, long ShardSet, int ShardId)> handled, long shardSet) =>
        handled.Where(message => message.ShardSet == shardSet).Min(message => message.MessageId >> 22);

    private static async Task WaitUntilNoTaskOfSetAsync(Alyx.Orchestrator.Hosting.OrchestratorHost orchestrator, long shardSet)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var stopped = new TaskCompletionSource();
        EventHandler<ShardTaskExit> onExit = (_, _) => stopped.TrySetResult();
        orchestrator.Launcher.TaskExited += onExit;
        try
        {
            while ((await orchestrator.Launcher.ListAsync(deadline.Token)).Any(task => task.ShardSet == shardSet))
            {
                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                stopped = new TaskCompletionSource();
            }
        }
        finally
        {
            orchestrator.Launcher.TaskExited -= onExit;
        }
    }
}

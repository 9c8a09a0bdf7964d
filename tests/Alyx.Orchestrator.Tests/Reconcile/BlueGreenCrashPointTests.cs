using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>
/// A 4 -> 6 blue-green reshard whose leader dies at an exact step: between a store write and the events of its pass,
/// where a kill from outside lands only by chance. A second leadership term with a greater fencing token then runs
/// on the same shard hosts and Redis state and must finish the reshard, or roll it back, with each step logged once.
/// </summary>
public sealed class BlueGreenCrashPointTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EmitInterval = TimeSpan.FromMilliseconds(5);

    [Theory]
    [InlineData(CrashPoint.AfterPendingStatus)]
    [InlineData(CrashPoint.AfterSwitch)]
    [InlineData(CrashPoint.AfterSwitchStatus)]
    [InlineData(CrashPoint.AfterCompletionStatus)]
    public async Task CrashPoint_NextTerm_FinishesReshardOnce(CrashPoint crashPoint)
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, $"CrashPoint{crashPoint}", LauncherKind.InProcess, 4, 2);
        var launcher = cluster.CreateSharedLauncher(recorder.AddTo);
        var options = cluster.Options();
        options.RetireDelay = TimeSpan.FromSeconds(2);
        await cluster.ScaleAsync(4);
        await using var first = LeaderTerm.Start(cluster, launcher, options, 1, crashPoint);
        var before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        ClusterStatus after;
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(50, Timeout);

            await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
            await first.State.Crashed.WaitAsync(Timeout);
            await using var second = LeaderTerm.Start(cluster, launcher, options, 2);
            after = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6) && s.RetiringShardSet is null && s.PendingShardSet is null, Timeout);
            await recorder.WaitForCountAsync(recorder.Handled.Count + 50, Timeout);
            await ReshardAssertions.WaitForEventAsync(second.Events, OperatorEventTypes.ReshardCompleted);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;

        await ReshardAssertions.AssertSwitchedOnceAsync(cluster, launcher, first.Events, recorder, emitted, before, after);
    }

    [Theory]
    [InlineData(CrashPoint.AfterPendingStatus)]
    [InlineData(CrashPoint.AfterRollbackStatus)]
    public async Task CrashPoint_PendingPastDeadline_RollsBackOnce(CrashPoint crashPoint)
    {
        var recorder = new HandledEventRecorder();
        await using var cluster = await OrchestratorCluster.StartAsync(
            redis.Connection, $"RollbackCrashPoint{crashPoint}", LauncherKind.InProcess, 4, 2);
        var shared = cluster.CreateSharedLauncher(recorder.AddTo);
        var options = cluster.Options();
        options.BlueGreenReadyTimeout = TimeSpan.FromSeconds(4);
        await cluster.ScaleAsync(4);
        ClusterStatus before;
        await using (var boot = LeaderTerm.Start(cluster, shared, options, 1))
        {
            before = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        }

        // Shard 5 of the new set never launches, so the new set cannot be Ready before its deadline.
        var newSet = before.ActiveShardSetEpoch + 1;
        var launcher = new RejectingLauncher(shared, newSet, 5);
        await using var first = LeaderTerm.Start(cluster, launcher, options, 2, crashPoint);
        ClusterStatus rolledBack;
        var stream = MessageEmitter.Start(cluster.Emulator, EmitInterval);
        await using (stream)
        {
            await recorder.WaitForCountAsync(50, Timeout);

            var generation = await cluster.ScaleAsync(6, ReshardStrategy.BlueGreen);
            await first.State.Crashed.WaitAsync(Timeout);
            await using var second = LeaderTerm.Start(cluster, launcher, options, 3);
            rolledBack = await cluster.WaitForStatusAsync(s => s.ObservedGeneration == generation && s.PendingShardSet is { RolledBack: true }, Timeout);
            await WaitUntilNoTaskOfSetAsync(shared, newSet);
            await recorder.WaitForCountAsync(recorder.Handled.Count + 50, Timeout);
            await ReshardAssertions.WaitForEventAsync(second.Events, OperatorEventTypes.ReshardRolledBack);
        }

        // Read after disposal: the stream has stopped, so every emitted message is in the list.
        var emitted = stream.Emitted;

        var tasks = await shared.ListAsync(CancellationToken.None);
        var events = await ReshardAssertions.EventTypesAsync(first.Events);

        await ReshardAssertions.AssertHandledOnceAsync(cluster, recorder, emitted);
        Assert.Equal(before.ActiveShardSetEpoch, rolledBack.ActiveShardSetEpoch);
        Assert.Equal(newSet, rolledBack.PendingShardSet!.Epoch);
        Assert.StartsWith("ReadyTimeout", rolledBack.PendingShardSet.RollbackReason, StringComparison.Ordinal);
        Assert.Equal(4, tasks.Count);
        Assert.All(tasks, task => Assert.Equal(before.ActiveShardSetEpoch, task.ShardSet));
        Assert.All(recorder.Handled, message => Assert.Equal(before.ActiveShardSetEpoch, message.ShardSet));
        Assert.Single(events, type => type == OperatorEventTypes.ReshardStarted);
        Assert.Single(events, type => type == OperatorEventTypes.ReshardRolledBack);
        Assert.DoesNotContain(OperatorEventTypes.ShardSetSwitched, events);
    }

    private static async Task WaitUntilNoTaskOfSetAsync(InProcessShardLauncher launcher, long shardSet)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<ShardTaskExit> onExit = (_, _) => stopped.TrySetResult();
        launcher.TaskExited += onExit;
        try
        {
            while ((await launcher.ListAsync(deadline.Token)).Any(task => task.ShardSet == shardSet))
            {
                // The exit event wakes the check; the one-second bound covers an exit raised before the list was read.
                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            launcher.TaskExited -= onExit;
        }
    }
}

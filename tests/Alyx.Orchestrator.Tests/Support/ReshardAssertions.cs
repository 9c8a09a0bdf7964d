using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>The invariants every blue-green reshard must keep, whatever happened to its leader on the way.</summary>
public static class ReshardAssertions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asserts that the reshard from <paramref name="before"/> to <paramref name="after"/> finished: one task per shard
    /// of the new set and none of the old, every emitted message handled exactly once, and each step's event logged once.
    /// </summary>
    public static async Task AssertSwitchedOnceAsync(
        OrchestratorCluster cluster, IShardLauncher launcher, IEventLog log, HandledEventRecorder recorder,
        IReadOnlyList<(ulong MessageId, int Sessions)> emitted, ClusterStatus before, ClusterStatus after)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        await WaitForEventAsync(log, OperatorEventTypes.ReshardCompleted);
        var tasks = await launcher.ListAsync(CancellationToken.None);
        var events = await EventTypesAsync(log);

        Assert.Equal(before.ActiveShardSetEpoch + 1, after.ActiveShardSetEpoch);
        Assert.Equal(after.ShardCount, tasks.Count);
        Assert.All(tasks, task => Assert.Equal(after.ActiveShardSetEpoch, task.ShardSet));
        Assert.Equal(after.ShardCount, tasks.Select(task => task.ShardId).Distinct().Count());
        Assert.Single(events, type => type == OperatorEventTypes.ReshardStarted);
        Assert.Single(events, type => type == OperatorEventTypes.ShardSetSwitched);
        Assert.Single(events, type => type == OperatorEventTypes.ReshardCompleted);
        Assert.DoesNotContain(OperatorEventTypes.ReshardRolledBack, events);
        await AssertHandledOnceAsync(cluster, recorder, emitted);
        Assert.Contains(recorder.Handled, message => message.ShardSet == before.ActiveShardSetEpoch);
        Assert.Contains(recorder.Handled, message => message.ShardSet == after.ActiveShardSetEpoch);
    }

    /// <summary>Asserts that every emitted message was handled exactly once and that no shard ran two sessions at once.</summary>
    public static async Task AssertHandledOnceAsync(OrchestratorCluster cluster, HandledEventRecorder recorder, IReadOnlyList<(ulong MessageId, int Sessions)> emitted)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(emitted);
        await recorder.WaitForCountAsync(emitted.Count, Timeout);
        var handled = recorder.Handled;
        var stats = cluster.Emulator.GetStats();

        Assert.DoesNotContain(emitted, message => message.Sessions == 0);
        Assert.Empty(handled.GroupBy(message => message.MessageId).Where(group => group.Count() > 1).Select(group => group.Key));
        Assert.Empty(emitted.Select(message => message.MessageId).Except(handled.Select(message => message.MessageId)));
        Assert.Equal(emitted.Count, handled.Count);
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
    }

    /// <summary>Returns the types of every logged event, oldest first.</summary>
    public static async Task<List<string>> EventTypesAsync(IEventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. (await log.ReadAsync(null, 1000, CancellationToken.None)).Select(e => e.Type)];
    }

    /// <summary>Follows the log until an event of <paramref name="type"/> arrives; fails after the timeout.</summary>
    public static async Task<OperatorEvent> WaitForEventAsync(IEventLog log, string type)
    {
        ArgumentNullException.ThrowIfNull(log);

        // The orchestrator appends a pass's events after its status write, so the event may follow the status.
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var operatorEvent in log.FollowAsync(null, deadline.Token))
            {
                if (operatorEvent.Type == type)
                {
                    return operatorEvent;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Reported below.
        }

        throw new TimeoutException($"No {type} event within {Timeout}.");
    }
}

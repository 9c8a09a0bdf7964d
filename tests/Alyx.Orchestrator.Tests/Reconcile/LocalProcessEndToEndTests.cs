using System.Diagnostics;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>The whole system with one child process per shard, real Redis and the Discord emulator.</summary>
public sealed class LocalProcessEndToEndTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LocalProcess_KillAndRescale_ConvergesWithoutOverlaps()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LocalProcess_KillAndRescale_ConvergesWithoutOverlaps), LauncherKind.Process, 1, 4);
        await cluster.ScaleAsync(8);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        var booted = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 8), Timeout);
        var victim = (await orchestrator.Launcher.ListAsync(CancellationToken.None)).Single(task => task.ShardId == 2);

        using (var process = Process.GetProcessById(victim.ProcessId!.Value))
        {
            process.Kill();
        }

        var replaced = await cluster.WaitForStatusAsync(
            s => OrchestratorCluster.AllReady(s, 8) && s.Shards[2].TaskId != victim.TaskId && s.Shards[2].RestartCount >= 1, Timeout);
        await cluster.ScaleAsync(12);
        var grown = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 12), Timeout);
        await cluster.ScaleAsync(6);
        var shrunk = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6), Timeout);
        var tasks = await orchestrator.Launcher.ListAsync(CancellationToken.None);

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(booted.ActiveShardSetEpoch, replaced.ActiveShardSetEpoch);
        Assert.True(grown.ActiveShardSetEpoch > booted.ActiveShardSetEpoch, "scaling to 12 starts a new shard set");
        Assert.True(shrunk.ActiveShardSetEpoch > grown.ActiveShardSetEpoch, "scaling to 6 starts a new shard set");
        Assert.Equal(6, tasks.Count);
        Assert.All(tasks, task => Assert.Equal(shrunk.ActiveShardSetEpoch, task.ShardSet));
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
        Assert.Equal(0, stats.IdentifyViolations);
    }

    [Fact]
    public async Task LocalProcess_KilledHost_EventNamesSigkill()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LocalProcess_KilledHost_EventNamesSigkill), LauncherKind.Process, 1, 1);
        await cluster.ScaleAsync(1);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 1), Timeout);
        var victim = (await orchestrator.Launcher.ListAsync(CancellationToken.None)).Single();

        using (var process = Process.GetProcessById(victim.ProcessId!.Value))
        {
            process.Kill();
        }

        using var deadline = new CancellationTokenSource(Timeout);
        OperatorEvent? failed = null;
        await foreach (var operatorEvent in orchestrator.Events.FollowAsync("0-0", deadline.Token))
        {
            if (operatorEvent.Type == OperatorEventTypes.ShardFailed && operatorEvent.TaskId == victim.TaskId)
            {
                failed = operatorEvent;
                break;
            }
        }

        Assert.NotNull(failed);
        Assert.StartsWith("Task exited with code 137 (SIGKILL); ", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Relaunch in", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalProcess_PausedPastLease_IsReplaced()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LocalProcess_PausedPastLease_IsReplaced), LauncherKind.Process, 1, 4);
        await cluster.ScaleAsync(3);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);
        var victim = (await orchestrator.Launcher.ListAsync(CancellationToken.None)).Single(task => task.ShardId == 1);
        using var paused = Process.GetProcessById(victim.ProcessId!.Value);

        await SignalAsync("-STOP", victim.ProcessId.Value);
        var replaced = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3) && s.Shards[1].TaskId != victim.TaskId, Timeout);
        using (var exited = new CancellationTokenSource(Timeout))
        {
            await paused.WaitForExitAsync(exited.Token);
        }

        var stats = cluster.Emulator.GetStats();
        Assert.True(replaced.Shards[1].RestartCount >= 1);
        Assert.True(paused.HasExited, "the paused host was killed");
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
        Assert.Equal(0, stats.IdentifyViolations);
    }

    [Fact]
    public async Task LocalProcess_OrchestratorRestartMidReshard_Converges()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LocalProcess_OrchestratorRestartMidReshard_Converges), LauncherKind.Process, 1, 4);
        await cluster.ScaleAsync(4);
        var first = cluster.StartOrchestrator("orchestrator-a");
        await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);

        await cluster.ScaleAsync(6);
        await cluster.WaitForStatusAsync(s => ClusterConditions.Find(s.Conditions, ClusterConditionTypes.Progressing)?.Reason == "Resharding" || s.ShardCount == 6, Timeout);
        await cluster.StopOrchestratorAsync(first, stopTasks: false);
        var second = cluster.StartOrchestrator("orchestrator-b");
        var converged = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 6), Timeout);
        var tasks = await second.Launcher.ListAsync(CancellationToken.None);

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(6, tasks.Count);
        Assert.All(tasks, task => Assert.Equal(converged.ActiveShardSetEpoch, task.ShardSet));
        Assert.Equal(6, tasks.Select(task => task.ShardId).Distinct().Count());
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
        Assert.Equal(0, stats.IdentifyViolations);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task LeaderElection_LeaderStops_StandbyTakesOverWithoutDuplicates()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(LeaderElection_LeaderStops_StandbyTakesOverWithoutDuplicates), LauncherKind.Process, 1, 4);
        await cluster.ScaleAsync(3);
        var first = cluster.StartOrchestrator("orchestrator-a");
        var second = cluster.StartOrchestrator("orchestrator-b");
        var booted = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 3), Timeout);
        var (leader, standby) = first.Runner.IsLeader ? (first, second) : (second, first);

        await cluster.StopOrchestratorAsync(leader, stopTasks: false);
        await cluster.ScaleAsync(4);
        var converged = await cluster.WaitForStatusAsync(s => OrchestratorCluster.AllReady(s, 4), Timeout);
        var tasks = await standby.Launcher.ListAsync(CancellationToken.None);

        var stats = cluster.Emulator.GetStats();
        Assert.True(standby.Runner.IsLeader);
        Assert.True(converged.ActiveShardSetEpoch > booted.ActiveShardSetEpoch);
        Assert.Equal(4, tasks.Count);
        Assert.Equal(4, tasks.Select(task => task.ShardId).Distinct().Count());
        Assert.True(stats.DuplicateSessionOverlaps.Count == 0, "overlaps: " + string.Join("; ", stats.DuplicateSessionOverlaps.List));
        Assert.Equal(0, stats.IdentifyViolations);
        await leader.DisposeAsync();
    }

    private static async Task SignalAsync(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }
}

using System.Diagnostics;
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
}

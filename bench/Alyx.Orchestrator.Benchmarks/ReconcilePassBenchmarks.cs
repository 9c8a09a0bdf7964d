using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Benchmarks;

/// <summary>
/// One steady-state reconcile pass over a converged cluster: every shard has a task and a fresh Ready heartbeat, so
/// the pass reads, compares and writes status without launching. Stores are in memory, so the numbers are the
/// orchestrator's CPU cost without Redis round trips.
/// </summary>
[MemoryDiagnoser]
public class ReconcilePassBenchmarks
{
    private ShardReconciler _reconciler = null!; // Set in Setup, before every benchmark.
    private HttpClient _http = null!; // Set in Setup.
    private GatewayBotCache _gateway = null!; // Set in Setup.

    [Params(500, 5000)]
    public int Shards { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var time = TimeProvider.System;
        var state = new InMemoryClusterStateStore();
        await state.WriteSpecAsync(new ClusterSpec(Shards, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        await state.WriteStatusAsync(new ClusterStatus(1, 1, Shards, [], [], time.GetUtcNow()), 1, CancellationToken.None);
        var heartbeats = new InMemoryHeartbeatStore(time);
        var tasks = new List<ShardTask>(Shards);
        for (var shard = 0; shard < Shards; shard++)
        {
            var taskId = $"bench-1-{shard}-0";
            tasks.Add(new ShardTask(taskId, 1, shard, Shards, time.GetUtcNow(), null));
            await heartbeats.ReportAsync(new ShardHeartbeat(1, shard, taskId, shard + 1, ShardPhase.Ready, 1000, TimeSpan.FromMilliseconds(40), null), CancellationToken.None);
        }

        _http = new HttpClient(new GatewayBotHandler(Shards));
        var rest = new DiscordRestClient(_http, new DiscordRestOptions { BaseUrl = new Uri("http://127.0.0.1:1/api/v10/"), Token = "bench" });
        var options = new OrchestratorOptions { Cluster = "bench", HeartbeatTimeout = TimeSpan.FromDays(1) };
        _gateway = new GatewayBotCache(rest, TimeSpan.FromDays(1), time);
        var events = new InMemoryEventLog(new EventLogOptions(), time);
        _reconciler = new ShardReconciler(options, state, new ListedTasksLauncher(tasks), heartbeats, _gateway, events, time, NullLogger.Instance);
        await _reconciler.ReconcileAsync(1, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway.Dispose();
        _http.Dispose();
    }

    [Benchmark]
    public Task<ReconcileResult> ConvergedPass() => _reconciler.ReconcileAsync(1, CancellationToken.None);
}

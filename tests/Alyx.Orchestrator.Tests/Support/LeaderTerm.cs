using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// One leadership term without the leader election around it: a reconciler and its loop over the cluster's Redis
/// stores with a fencing token the test picks, and a state store that crashes at a chosen point. A later term gets
/// a greater token, as a standby that takes the lease over does.
/// </summary>
public sealed class LeaderTerm : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private readonly GatewayBotCache _gateway;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private LeaderTerm(OrchestratorCluster cluster, IShardLauncher launcher, OrchestratorOptions options, long fencingToken, CrashPoint crashPoint)
    {
        var keys = new Coordination.Redis.ClusterKeys(cluster.Cluster);
        State = new CrashingStateStore(new RedisClusterStateStore(cluster.Redis, keys), crashPoint);
        Events = new RedisEventLog(cluster.Redis, keys, new EventLogOptions(), TimeProvider.System);
        var rest = new DiscordRestClient(_http, new DiscordRestOptions { BaseUrl = cluster.Emulator.RestUri, Token = cluster.Emulator.Options.Token });
        _gateway = new GatewayBotCache(rest, options.GatewayRefreshInterval, TimeProvider.System);
        var reconciler = new ShardReconciler(
            options, State, launcher, new RedisHeartbeatStore(cluster.Redis, keys), _gateway, Events, TimeProvider.System, NullLogger.Instance);
        var loop = new ReconcileLoop(reconciler, State, launcher, options, TimeProvider.System, NullLogger.Instance);
        _run = Task.Run(() => loop.RunAsync(fencingToken, _stop.Token));
    }

    /// <summary>The term's state store; its <see cref="CrashingStateStore.Crashed"/> completes at the crash point.</summary>
    public CrashingStateStore State { get; }

    /// <summary>The cluster's event log.</summary>
    public IEventLog Events { get; }

    /// <summary>Starts reconciling as leader with <paramref name="fencingToken"/>.</summary>
    public static LeaderTerm Start(OrchestratorCluster cluster, IShardLauncher launcher, OrchestratorOptions options, long fencingToken, CrashPoint crashPoint = CrashPoint.None)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new LeaderTerm(cluster, launcher, options, fencingToken, crashPoint);
    }

    /// <summary>Ends the term and waits for its loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _gateway.Dispose();
        _http.Dispose();
    }
}

using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Leadership;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using Alyx.Shard.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// Composes one orchestrator over Redis (or one process's memory): state, heartbeat and event stores, the leader lease, a launcher and the
/// runner. The CLI (<c>alyx dev</c>, <c>alyx orchestrator run</c>) and the tests build it the same way.
/// </summary>
public sealed class OrchestratorHost : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly GatewayBotCache _gateway;
    private readonly IAsyncDisposable _launcherLifetime;

    private OrchestratorHost(
        IClusterStateStore state, IEventLog events, IHeartbeatStore heartbeats, IShardLauncher launcher, IAsyncDisposable launcherLifetime,
        OrchestratorRunner runner, HttpClient http, GatewayBotCache gateway)
    {
        State = state;
        Events = events;
        Heartbeats = heartbeats;
        Launcher = launcher;
        Runner = runner;
        _launcherLifetime = launcherLifetime;
        _http = http;
        _gateway = gateway;
    }

    /// <summary>The cluster's spec and status.</summary>
    public IClusterStateStore State { get; }

    /// <summary>The cluster's operator event log.</summary>
    public IEventLog Events { get; }

    /// <summary>The shard heartbeats.</summary>
    public IHeartbeatStore Heartbeats { get; }

    /// <summary>The launcher of this orchestrator's tasks.</summary>
    public IShardLauncher Launcher { get; }

    /// <summary>The leader-elected reconcile runner.</summary>
    public OrchestratorRunner Runner { get; }

    /// <summary>Creates the orchestrator; call <see cref="OrchestratorRunner.RunAsync"/> on <see cref="Runner"/> to start it.</summary>
    /// <param name="redis">The cluster's Redis connection.</param>
    /// <param name="options">Reconcile settings; <see cref="OrchestratorOptions.Cluster"/> names the cluster.</param>
    /// <param name="hostSettings">What every shard host gets; its token and REST URL also serve <c>GET /gateway/bot</c>.</param>
    /// <param name="launcherKind">Where shard hosts run.</param>
    /// <param name="candidateId">This orchestrator's id in the leader lease.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="configureHost">Adds to each in-process shard host before it is built; the process launcher ignores it.</param>
    /// <param name="routes">Creates and removes the routes of shard sets, such as <see cref="SqsRouteProvisioner"/>; null
    /// deletes the retired sets' inboxes on the cluster's Redis transport.</param>
    /// <param name="alarms">Reads the alarm queue while this orchestrator leads; null when alarms are off.</param>
    public static OrchestratorHost Create(
        IConnectionMultiplexer redis, OrchestratorOptions options, ShardHostSettings hostSettings, LauncherKind launcherKind,
        string candidateId, TimeProvider timeProvider, ILoggerFactory loggerFactory, Action<HostApplicationBuilder>? configureHost = null,
        IRouteProvisioner? routes = null, AlarmListener? alarms = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostSettings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        (IShardLauncher Launcher, IAsyncDisposable Lifetime) launcher = launcherKind switch
        {
            LauncherKind.Process => Pair(new LocalProcessShardLauncher(
                hostSettings, null, timeProvider, loggerFactory.CreateLogger<LocalProcessShardLauncher>(), new TaskRecordDirectory(TaskRecordsPath(redis, options.Cluster)))),
            LauncherKind.InProcess => Pair(new InProcessShardLauncher(hostSettings, timeProvider, loggerFactory.CreateLogger<InProcessShardLauncher>(), null, configureHost)),
            _ => throw new ArgumentException(
                $"Launcher {launcherKind} needs settings of its own; build it and call the overload that takes a launcher.", nameof(launcherKind)),
        };
        return Create(redis, options, hostSettings, launcher.Launcher, launcher.Lifetime, candidateId, timeProvider, loggerFactory, routes, alarms);
    }

    /// <summary>Creates an orchestrator over Redis with a launcher built by the caller, such as the ECS launcher.</summary>
    /// <param name="redis">The cluster's Redis connection.</param>
    /// <param name="options">Reconcile settings; <see cref="OrchestratorOptions.Cluster"/> names the cluster.</param>
    /// <param name="hostSettings">Its token and REST URL serve <c>GET /gateway/bot</c>; its lease timings set the leader lease.</param>
    /// <param name="launcher">The launcher of shard tasks.</param>
    /// <param name="launcherLifetime">Disposed with the host: the launcher itself, or whatever owns it.</param>
    /// <param name="candidateId">This orchestrator's id in the leader lease.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="routes">Creates and removes the routes of shard sets, such as <see cref="SqsRouteProvisioner"/>; null
    /// deletes the retired sets' inboxes on the cluster's Redis transport.</param>
    /// <param name="alarms">Reads the alarm queue while this orchestrator leads; null when alarms are off.</param>
    public static OrchestratorHost Create(
        IConnectionMultiplexer redis, OrchestratorOptions options, ShardHostSettings hostSettings, IShardLauncher launcher, IAsyncDisposable launcherLifetime,
        string candidateId, TimeProvider timeProvider, ILoggerFactory loggerFactory, IRouteProvisioner? routes = null, AlarmListener? alarms = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostSettings);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(launcherLifetime);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.ThrowIfInvalid();
        var keys = new ClusterKeys(options.Cluster);
        var state = new RedisClusterStateStore(redis, keys);
        var events = new RedisEventLog(redis, keys, new EventLogOptions(), timeProvider);
        var heartbeats = new RedisHeartbeatStore(redis, keys);

        var leases = new LeaseManager(new RedisLeaseStore(redis, keys, hostSettings.LeaseTimeToLive), LeaseOptionsOf(hostSettings), timeProvider, loggerFactory);
        var (http, gateway) = Gateway(options, hostSettings, timeProvider, loggerFactory);
        routes ??= new TransportRouteProvisioner(new RedisMessageTransport(redis, keys, new RedisTransportOptions(), loggerFactory.CreateLogger<RedisMessageTransport>()));
        var runner = new OrchestratorRunner(options, state, launcher, heartbeats, gateway, events, leases, candidateId, timeProvider, loggerFactory, new RestartRequests(redis, keys))
        {
            RouteProvisioner = routes,
            Alarms = alarms,
        };
        return new OrchestratorHost(state, events, heartbeats, launcher, launcherLifetime, runner, http, gateway);
    }

    /// <summary>
    /// Creates an orchestrator whose state, heartbeats, events and leader lease live in <paramref name="coordination"/>'s
    /// memory, with in-process shard hosts sharing it: one process, no Redis. <c>alyx shards restart</c> cannot reach it.
    /// </summary>
    /// <param name="coordination">The stores the orchestrator and its hosts share.</param>
    /// <param name="options">Reconcile settings; <see cref="OrchestratorOptions.Cluster"/> names the cluster.</param>
    /// <param name="hostSettings">What every shard host gets; its token and REST URL also serve <c>GET /gateway/bot</c>.</param>
    /// <param name="candidateId">This orchestrator's id in the leader lease.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="configureHost">Adds to each shard host before it is built, such as plugins registered in code; or null.</param>
    public static OrchestratorHost CreateInMemory(
        InMemoryShardCoordinationProvider coordination, OrchestratorOptions options, ShardHostSettings hostSettings,
        string candidateId, TimeProvider timeProvider, ILoggerFactory loggerFactory, Action<HostApplicationBuilder>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(coordination);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostSettings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.ThrowIfInvalid();
        var leases = new LeaseManager(coordination.Leases, LeaseOptionsOf(hostSettings), timeProvider, loggerFactory);
        var (http, gateway) = Gateway(options, hostSettings, timeProvider, loggerFactory);
        var launcher = new InProcessShardLauncher(hostSettings, timeProvider, loggerFactory.CreateLogger<InProcessShardLauncher>(), coordination, configureHost);
        var runner = new OrchestratorRunner(
            options, coordination.State, launcher, coordination.Heartbeats, gateway, coordination.Events, leases, candidateId, timeProvider, loggerFactory)
        {
            RouteProvisioner = new TransportRouteProvisioner(coordination.Transport),
        };
        return new OrchestratorHost(coordination.State, coordination.Events, coordination.Heartbeats, launcher, launcher, runner, http, gateway);
    }

    /// <summary>Stops every task this orchestrator launched and releases its clients.</summary>
    public async ValueTask DisposeAsync()
    {
        await _launcherLifetime.DisposeAsync();
        _gateway.Dispose();
        _http.Dispose();
    }

    /// <summary>
    /// Returns the folder of local task records: one per Redis server and cluster under the temporary folder, so an
    /// orchestrator restarted on this machine finds the hosts of its predecessor.
    /// </summary>
    public static string TaskRecordsPath(IConnectionMultiplexer redis, string cluster)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var server = string.Join("_", redis.GetEndPoints().Select(endPoint => endPoint.ToString()!.Replace(':', '-')));
        return Path.Combine(Path.GetTempPath(), "alyx-tasks", server, cluster);
    }

    // The leader lease lives as long as a shard lease, so a standby takes over within one time to live.
    private static LeaseOptions LeaseOptionsOf(ShardHostSettings hostSettings) => new()
    {
        TimeToLive = hostSettings.LeaseTimeToLive,
        RenewInterval = hostSettings.LeaseRenewInterval,
        SafetyMargin = hostSettings.LeaseSafetyMargin,
    };

    private static (HttpClient Http, GatewayBotCache Gateway) Gateway(
        OrchestratorOptions options, ShardHostSettings hostSettings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var http = new HttpClient();
        var rest = new DiscordRestClient(http, new DiscordRestOptions { BaseUrl = hostSettings.RestUrl, Token = hostSettings.Token }, timeProvider, loggerFactory.CreateLogger<DiscordRestClient>());
        return (http, new GatewayBotCache(rest, options.GatewayRefreshInterval, timeProvider));
    }

    private static (IShardLauncher, IAsyncDisposable) Pair<T>(T launcher)
        where T : IShardLauncher, IAsyncDisposable => (launcher, launcher);
}

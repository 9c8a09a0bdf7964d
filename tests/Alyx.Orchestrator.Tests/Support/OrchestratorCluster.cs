using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// The Discord emulator, the test Redis and one orchestrator (or more) with short windows and intervals, so a test
/// boots, breaks and rescales a cluster in seconds.
/// </summary>
public sealed class OrchestratorCluster : IAsyncDisposable
{
    public static readonly TimeSpan IdentifyWindow = TimeSpan.FromMilliseconds(300);

    // The gate spaces grants on Redis's clock, not on arrival at the emulator. On a loaded machine a host may send
    // its IDENTIFY a few hundred milliseconds after its grant, so hosts keep twice the emulator's window.
    public static readonly TimeSpan HostIdentifyWindow = TimeSpan.FromMilliseconds(600);

    private readonly List<(OrchestratorHost Host, CancellationTokenSource Stop, Task Run)> _orchestrators = [];
    private readonly Dictionary<OrchestratorHost, ConnectionMultiplexer> _ownConnections = [];
    private readonly List<IAsyncDisposable> _sharedLaunchers = [];

    private OrchestratorCluster(DiscordEmulator emulator, IConnectionMultiplexer redis, string cluster, LauncherKind launcherKind)
    {
        Emulator = emulator;
        Redis = redis;
        Cluster = cluster;
        LauncherKind = launcherKind;
    }

    public DiscordEmulator Emulator { get; }

    public IConnectionMultiplexer Redis { get; }

    public string Cluster { get; }

    public LauncherKind LauncherKind { get; }

    public IReadOnlyList<OrchestratorHost> Orchestrators => [.. _orchestrators.Select(entry => entry.Host)];

    public static async Task<OrchestratorCluster> StartAsync(
        IConnectionMultiplexer redis, string test, LauncherKind launcherKind, int recommendedShards, int maxConcurrency, int shardCountMultiple = 1)
    {
        var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            ShardCountMultiple = shardCountMultiple,
            Shards = recommendedShards,
            MaxConcurrency = maxConcurrency,
            Guilds = 40,
            IdentifyWindow = IdentifyWindow,
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
            HeartbeatGrace = TimeSpan.FromMilliseconds(500),
            RestRateLimit = 1000,
        });
        return new OrchestratorCluster(emulator, redis, RedisFixture.NewClusterName(test), launcherKind);
    }

    public ShardHostSettings HostSettings() => new()
    {
        Token = Emulator.Options.Token,
        RestUrl = Emulator.RestUri,
        Redis = TestServices.RedisEndpoint,
        LeaseTimeToLive = TimeSpan.FromSeconds(3),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(600),
        LeaseSafetyMargin = TimeSpan.FromMilliseconds(1000),
        IdentifyWindow = HostIdentifyWindow,

        // The emulator drops a silent connection's session after its heartbeat interval plus grace.
        SilentSessionTimeout = TimeSpan.FromMilliseconds(1500),
        StatusInterval = TimeSpan.FromMilliseconds(300),
        DrainTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    public OrchestratorOptions Options() => new()
    {
        Cluster = Cluster,
        ResyncInterval = TimeSpan.FromSeconds(2),
        ProgressInterval = TimeSpan.FromMilliseconds(200),
        RestartBackoffBase = TimeSpan.FromMilliseconds(200),
        RestartBackoffMax = TimeSpan.FromSeconds(2),
        HeartbeatTimeout = TimeSpan.FromSeconds(2),
        IdentifyWindow = HostIdentifyWindow,
        SessionStartReserve = 0,
    };

    /// <summary>Starts one more orchestrator candidate for the cluster.</summary>
    /// <param name="candidateId">The candidate's id in the leader lease.</param>
    /// <param name="configure">Changes the test options, or null.</param>
    /// <param name="configureHost">Adds to each in-process shard host, such as a plugin; or null.</param>
    /// <param name="routes">Provisions each shard set's routes, or null.</param>
    /// <param name="alarms">Listens for CloudWatch alarms, or null.</param>
    /// <param name="configureHostSettings">Changes the shard host settings, such as the Discord REST URL; or null.</param>
    /// <param name="loggerFactory">Receives the orchestrator's logs, or null to drop them.</param>
    public OrchestratorHost StartOrchestrator(
        string candidateId, Action<OrchestratorOptions>? configure = null, Action<HostApplicationBuilder>? configureHost = null,
        IRouteProvisioner? routes = null, AlarmListener? alarms = null, Action<ShardHostSettings>? configureHostSettings = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var hostSettings = HostSettings();
        configureHostSettings?.Invoke(hostSettings);
        var host = OrchestratorHost.Create(
            Redis, options, hostSettings, LauncherKind, candidateId, TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance, configureHost,
            routes: routes, alarms: alarms);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.Runner.RunAsync(stop.Token));
        _orchestrators.Add((host, stop, run));
        return host;
    }

    /// <summary>Starts one more orchestrator candidate with a launcher the test built, such as the ECS launcher.</summary>
    public OrchestratorHost StartOrchestrator(string candidateId, IShardLauncher launcher, IAsyncDisposable launcherLifetime, OrchestratorOptions options)
    {
        var host = OrchestratorHost.Create(Redis, options, HostSettings(), launcher, launcherLifetime, candidateId, TimeProvider.System, NullLoggerFactory.Instance);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.Runner.RunAsync(stop.Token));
        _orchestrators.Add((host, stop, run));
        return host;
    }

    /// <summary>
    /// Creates an in-process launcher for candidates to share (see <see cref="StartKillableOrchestratorAsync"/>); the
    /// cluster disposes it after its orchestrators have stopped and before the emulator.
    /// </summary>
    /// <param name="configureHost">Adds to each shard host, such as a plugin; or null.</param>
    public InProcessShardLauncher CreateSharedLauncher(Action<HostApplicationBuilder>? configureHost)
    {
        var launcher = new InProcessShardLauncher(HostSettings(), TimeProvider.System, NullLogger<InProcessShardLauncher>.Instance, null, configureHost);
        _sharedLaunchers.Add(launcher);
        return launcher;
    }

    /// <summary>
    /// Creates a local-process launcher that keeps its task records where every candidate of this cluster looks, so a
    /// standby adopts the shard processes of a killed leader. The cluster disposes it after its orchestrators have stopped.
    /// </summary>
    public LocalProcessShardLauncher CreateProcessLauncher()
    {
        var launcher = new LocalProcessShardLauncher(
            HostSettings(), null, TimeProvider.System, NullLogger<LocalProcessShardLauncher>.Instance,
            new TaskRecordDirectory(OrchestratorHost.TaskRecordsPath(Redis, Cluster)));
        _sharedLaunchers.Add(launcher);
        return launcher;
    }

    /// <summary>
    /// Starts a candidate on a Redis connection of its own, so <see cref="KillOrchestratorAsync"/> can cut it off, with
    /// shard hosts from <paramref name="launcher"/>. Every candidate given the same launcher lists the same tasks, as ECS
    /// tasks or local shard processes outlive the orchestrator that launched them.
    /// </summary>
    public async Task<OrchestratorHost> StartKillableOrchestratorAsync(string candidateId, IShardLauncher launcher, OrchestratorOptions options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint + ",abortConnect=false,connectTimeout=5000");
        var host = OrchestratorHost.Create(connection, options, HostSettings(), launcher, NoLifetime.Instance, candidateId, TimeProvider.System, NullLoggerFactory.Instance);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => host.Runner.RunAsync(stop.Token));
        _orchestrators.Add((host, stop, run));
        _ownConnections[host] = connection;
        return host;
    }

    /// <summary>
    /// Stops an orchestrator of <see cref="StartKillableOrchestratorAsync"/> as a crash does: its Redis connection closes
    /// first, so it cannot release the leader lease, write status or append events, and only then does its run end.
    /// A standby takes over once the lease expires. The shard tasks keep running.
    /// </summary>
    public async Task KillOrchestratorAsync(OrchestratorHost host)
    {
        var entry = _orchestrators.Single(candidate => candidate.Host == host);
        _orchestrators.Remove(entry);
        var connection = _ownConnections[host];
        _ownConnections.Remove(host);
        await connection.CloseAsync(allowCommandsToComplete: false);
        await entry.Stop.CancelAsync();
        try
        {
            await entry.Run;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Every Redis call after the cut fails; a crashed process would not have reported those failures either.
        }

        entry.Stop.Dispose();
        await host.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Stops an orchestrator; with <paramref name="stopTasks"/> false its tasks keep running, as after a crash.</summary>
    public async Task StopOrchestratorAsync(OrchestratorHost host, bool stopTasks)
    {
        var entry = _orchestrators.Single(candidate => candidate.Host == host);
        _orchestrators.Remove(entry);
        await entry.Stop.CancelAsync();
        await entry.Run;
        entry.Stop.Dispose();
        if (stopTasks)
        {
            await host.DisposeAsync();
        }
    }

    public Task<long> ScaleAsync(int? shardCount, ReshardStrategy strategy = ReshardStrategy.Rolling) =>
        new RedisClusterStateStore(Redis, new(Cluster)).WriteSpecAsync(new ClusterSpec(shardCount, null, strategy, null), null, CancellationToken.None);

    /// <summary>Waits on status notifications until <paramref name="condition"/> holds; fails after the timeout with the last status.</summary>
    public async Task<ClusterStatus> WaitForStatusAsync(Func<ClusterStatus, bool> condition, TimeSpan timeout)
    {
        var store = new RedisClusterStateStore(Redis, new(Cluster));
        using var deadline = new CancellationTokenSource(timeout);
        await using var watch = await store.WatchAsync(deadline.Token);
        ClusterStatus? last = null;
        try
        {
            while (true)
            {
                last = await store.ReadStatusAsync(deadline.Token);
                if (last is not null && condition(last))
                {
                    return last;
                }

                await watch.ReadAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Status did not reach the expected state within {timeout}. Last status: {Describe(last)}");
        }
    }

    public static bool AllReady(ClusterStatus status, int count) =>
        status.ShardCount == count && status.Shards.Count == count && status.Shards.All(shard => shard.Phase == ShardPhase.Ready);

    public async ValueTask DisposeAsync()
    {
        foreach (var (host, stop, run) in _orchestrators.ToList())
        {
            await stop.CancelAsync();
            await run;
            await host.DisposeAsync();
            stop.Dispose();
            if (_ownConnections.Remove(host, out var connection))
            {
                await connection.DisposeAsync();
            }
        }

        foreach (var launcher in _sharedLaunchers)
        {
            await launcher.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }

    private sealed class NoLifetime : IAsyncDisposable
    {
        public static readonly NoLifetime Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static string Describe(ClusterStatus? status) => status is null
        ? "none"
        : $"set {status.ActiveShardSetEpoch}, {status.ShardCount} shards: "
          + string.Join(", ", status.Shards.Select(shard => $"{shard.ShardId}={shard.Phase}")) + "; "
          + string.Join("; ", status.Conditions.Select(condition => $"{condition.Type}={condition.Status} {condition.Reason}: {condition.Message}"));
}

using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;

namespace Alyx.Cli.Dev;

/// <summary>
/// The orchestrator and shard host settings of <c>alyx dev</c>: short leases, heartbeats and backoffs, so a local
/// cluster boots, fails over and stops within seconds.
/// </summary>
public static class DevClusterSettings
{
    /// <summary>Returns what every shard host gets; <paramref name="redis"/> is passed to hosts unchanged, credentials included.</summary>
    /// <param name="token">The bot token.</param>
    /// <param name="restUrl">The Discord REST base URL.</param>
    /// <param name="redis">The Redis address, or a placeholder for in-memory coordination.</param>
    /// <param name="window">The emulator's identify window.</param>
    /// <param name="pluginsPath">The plugin folder of shard processes, or null.</param>
    /// <param name="emulated">True when the hosts talk to the Discord emulator rather than to Discord.</param>
    public static ShardHostSettings Hosts(string token, Uri restUrl, string redis, TimeSpan window, string? pluginsPath, bool emulated) => new()
    {
        Token = token,
        RestUrl = restUrl,
        Redis = redis,
        PluginsPath = pluginsPath,

        // The gate's margin bounds how late after its slot a host sends IDENTIFY and covers the emulator's arrival
        // jitter. With 50 ms, 5 of 6 boot benchmark runs on a loaded 2-core machine had no identify violation. The
        // other one came from the emulator stamping an arrival late, as docs/benchmarks.md describes.
        IdentifyWindow = window,
        IdentifyMargin = TimeSpan.FromMilliseconds(50),

        // The emulator drops a silent connection's session after its 5 s heartbeat interval plus 5 s grace. Discord
        // takes longer, so runs against Discord keep the estimate for Discord.
        SilentSessionTimeout = emulated ? TimeSpan.FromSeconds(10) : new ShardHostSettings().SilentSessionTimeout,
        LeaseTimeToLive = TimeSpan.FromSeconds(3),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(800),
        LeaseSafetyMargin = TimeSpan.FromSeconds(1),
        StatusInterval = TimeSpan.FromMilliseconds(500),
        DrainTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Returns the reconcile settings; <paramref name="hostWindow"/> is the hosts' identify window plus their margin.</summary>
    public static OrchestratorOptions Orchestrator(string cluster, TimeSpan hostWindow) => new()
    {
        Cluster = cluster,
        ResyncInterval = TimeSpan.FromSeconds(5),
        ProgressInterval = TimeSpan.FromMilliseconds(250),
        RestartBackoffBase = TimeSpan.FromMilliseconds(500),
        RestartBackoffMax = TimeSpan.FromSeconds(10),
        HeartbeatTimeout = TimeSpan.FromSeconds(3),
        IdentifyWindow = hostWindow,
    };
}

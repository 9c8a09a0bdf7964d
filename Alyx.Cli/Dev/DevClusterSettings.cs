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
    public static ShardHostSettings Hosts(string token, Uri restUrl, string redis, TimeSpan window, string? pluginsPath) => new()
    {
        Token = token,
        RestUrl = restUrl,
        Redis = redis,
        PluginsPath = pluginsPath,

        // The gate spaces grants on Redis's clock; the margin covers the time from a grant to the IDENTIFY's arrival.
        IdentifyWindow = window + TimeSpan.FromMilliseconds(Math.Max(100, window.TotalMilliseconds / 4)),
        LeaseTimeToLive = TimeSpan.FromSeconds(3),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(800),
        LeaseSafetyMargin = TimeSpan.FromSeconds(1),
        StatusInterval = TimeSpan.FromMilliseconds(500),
        DrainTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Returns the reconcile settings; <paramref name="hostWindow"/> is the hosts' identify window.</summary>
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

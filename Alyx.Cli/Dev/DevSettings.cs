namespace Alyx.Cli.Dev;

/// <summary>The parsed options of <c>alyx dev</c>.</summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="Shards">The --shards text: a count or <c>auto</c>.</param>
/// <param name="MaxConcurrency">Identify buckets of the emulated bot.</param>
/// <param name="Guilds">Guilds of the emulated bot.</param>
/// <param name="Launcher">in-process or process.</param>
/// <param name="Redis">A Redis address, or null for in-memory state (in-process) or a private redis-server (process).</param>
/// <param name="IdentifyWindowMs">The emulator's identify window in milliseconds.</param>
/// <param name="Token">The bot token the emulator accepts; null for a random one.</param>
/// <param name="DurationSeconds">Seconds to run; 0 runs until Ctrl+C.</param>
/// <param name="Json">Print one JSON object at the end instead of the live table.</param>
/// <param name="DiscordApi">A real Discord (or REST proxy) base URL; null runs the emulator.</param>
/// <param name="EmulatorPort">The emulator's port on 127.0.0.1; 0 picks a free one.</param>
public sealed record DevSettings(
    string Cluster, string Shards, int MaxConcurrency, int Guilds, string Launcher, string? Redis, int IdentifyWindowMs,
    string? Token, double DurationSeconds, bool Json, Uri? DiscordApi, int EmulatorPort = 0);

namespace Alyx.Cli.Emulator;

/// <summary>The parsed options of <c>alyx emulator</c>.</summary>
/// <param name="Port">TCP port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Shards">Recommended shard count that GET /gateway/bot returns.</param>
/// <param name="MaxConcurrency">Identify buckets.</param>
/// <param name="Guilds">Guilds of the emulated bot.</param>
/// <param name="IdentifyWindowMs">One identify per bucket per this many milliseconds.</param>
/// <param name="SessionStartLimit">Session starts in the emulated daily budget.</param>
/// <param name="Token">The bot token clients must send.</param>
/// <param name="HeartbeatIntervalMs">The heartbeat interval sent in HELLO, in milliseconds.</param>
/// <param name="Json">Whether to print the addresses as one JSON line.</param>
public sealed record EmulatorSettings(
    int Port,
    int Shards,
    int MaxConcurrency,
    int Guilds,
    int IdentifyWindowMs,
    int SessionStartLimit,
    string Token,
    int HeartbeatIntervalMs,
    bool Json);

using Alyx.Discord.Gateway;

namespace Alyx.Testing.Emulator;

/// <summary>Settings of the Discord emulator. Defaults follow Discord's documented values where one exists.</summary>
public sealed class DiscordEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port. Default 0.</summary>
    public int Port { get; set; }

    /// <summary>The shard count that <c>GET /gateway/bot</c> recommends. Default 1.</summary>
    public int Shards { get; set; } = 1;

    /// <summary>Identify rate-limit buckets (<c>max_concurrency</c>). Default 1.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Guilds of the emulated bot, spread over shards by Discord's formula. Default 10.</summary>
    public int Guilds { get; set; } = 10;

    /// <summary>One identify per bucket per this window. Default 5 seconds, as Discord.</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Session starts per period (<c>session_start_limit.total</c>). Default 1000.</summary>
    public int SessionStartLimit { get; set; } = 1000;

    /// <summary>The one bot token the emulator accepts. Default "emulator-token".</summary>
    public string Token { get; set; } = "emulator-token";

    /// <summary>The heartbeat interval sent in HELLO. Default 41.25 seconds, as Discord.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(41_250);

    /// <summary>
    /// Extra time past one heartbeat interval before a silent connection stops counting as live and is closed.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan HeartbeatGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most guilds one session may hold before IDENTIFY is closed with 4011. Default 2500, as Discord.</summary>
    public int MaxGuildsPerSession { get; set; } = 2500;

    /// <summary>
    /// The number every shard count must be a multiple of, or IDENTIFY is closed with 4010 (invalid shard), as Discord
    /// does for bots it has moved to large-bot sharding. Default 1: any count is valid.
    /// </summary>
    public int ShardCountMultiple { get; set; } = 1;

    /// <summary>Privileged intents the emulated application may use; others close with 4014. Default all three.</summary>
    public GatewayIntents AllowedPrivilegedIntents { get; set; } =
        GatewayIntents.GuildMembers | GatewayIntents.GuildPresences | GatewayIntents.MessageContent;

    /// <summary>Requests allowed per REST route bucket and major parameter per <see cref="RestRateLimitWindow"/>. Default 5.</summary>
    public int RestRateLimit { get; set; } = 5;

    /// <summary>The window of <see cref="RestRateLimit"/>. Default 5 seconds, like Discord's message route.</summary>
    public TimeSpan RestRateLimitWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seed of the generated guild ids, so a run can be repeated. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The largest <see cref="Shards"/> accepted; the emulator keeps per-shard state for every shard.</summary>
    public const int MaxShards = 10_000;

    /// <summary>The largest <see cref="MaxConcurrency"/> accepted; the emulator keeps one bucket per value.</summary>
    public const int MaxMaxConcurrency = 1_024;

    /// <summary>The largest <see cref="Guilds"/> accepted, so the generated guild ids stay within tens of megabytes.</summary>
    public const int MaxGuilds = 5_000_000;

    /// <summary>Returns every invalid setting, each naming the property and the fix; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Port is < 0 or > 65535)
        {
            failures.Add($"Port is {Port}: use 0 for a free port or a port from 1 to 65535.");
        }

        if (Shards is < 1 or > MaxShards)
        {
            failures.Add($"Shards is {Shards}: it must be from 1 to {MaxShards}.");
        }

        if (MaxConcurrency is < 1 or > MaxMaxConcurrency)
        {
            failures.Add($"MaxConcurrency is {MaxConcurrency}: it must be from 1 to {MaxMaxConcurrency}.");
        }

        if (Guilds is < 0 or > MaxGuilds)
        {
            failures.Add($"Guilds is {Guilds}: it must be from 0 to {MaxGuilds}.");
        }

        if (IdentifyWindow < TimeSpan.Zero)
        {
            failures.Add($"IdentifyWindow is {IdentifyWindow}: it must be 0 or more.");
        }

        if (SessionStartLimit < 0)
        {
            failures.Add($"SessionStartLimit is {SessionStartLimit}: it must be 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            failures.Add("Token is empty: set the token clients must send.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(50))
        {
            failures.Add($"HeartbeatInterval is {HeartbeatInterval}: it must be at least 50 ms.");
        }

        if (HeartbeatGrace < TimeSpan.Zero)
        {
            failures.Add($"HeartbeatGrace is {HeartbeatGrace}: it must be 0 or more.");
        }

        if (MaxGuildsPerSession < 1)
        {
            failures.Add($"MaxGuildsPerSession is {MaxGuildsPerSession}: it must be at least 1.");
        }

        if (ShardCountMultiple < 1)
        {
            failures.Add($"ShardCountMultiple is {ShardCountMultiple}: it must be at least 1.");
        }

        if (RestRateLimit < 1 || RestRateLimitWindow <= TimeSpan.Zero)
        {
            failures.Add($"RestRateLimit ({RestRateLimit}) and RestRateLimitWindow ({RestRateLimitWindow}) must be positive.");
        }

        return failures;
    }
}

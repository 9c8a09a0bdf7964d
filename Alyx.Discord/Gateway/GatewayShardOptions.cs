namespace Alyx.Discord.Gateway;

/// <summary>Settings of one shard connection.</summary>
public sealed class GatewayShardOptions
{
    /// <summary>The bot token, without the <c>Bot </c> prefix. Required. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>The shard id, 0-based. Default 0.</summary>
    public int ShardId { get; set; }

    /// <summary>The total shard count. Default 1.</summary>
    public int ShardCount { get; set; } = 1;

    /// <summary>The intents to IDENTIFY with. Default <see cref="GatewayIntents.Guilds"/>.</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Guilds;

    /// <summary>The presence sent in IDENTIFY, or null to send none. Default null.</summary>
    public GatewayPresence? Presence { get; set; }

    /// <summary>The gateway URL from <c>GET /gateway/bot</c>, without query string. Default Discord's.</summary>
    public Uri GatewayUrl { get; set; } = new("wss://gateway.discord.gg/");

    /// <summary>Whether to ask for <c>compress=zlib-stream</c> transport compression. Default true.</summary>
    public bool Compression { get; set; } = true;

    /// <summary>Member count above which a guild is "large" and its offline members are not sent, 50 to 250. Default 50.</summary>
    public int LargeThreshold { get; set; } = 50;

    /// <summary>The library name sent as <c>browser</c> and <c>device</c> in IDENTIFY. Default "Alyx".</summary>
    public string LibraryName { get; set; } = "Alyx";

    /// <summary>A session to RESUME on the first connection instead of identifying, such as one a predecessor saved. Default null.</summary>
    public GatewaySession? InitialSession { get; set; }

    /// <summary>
    /// The guilds of <see cref="InitialSession"/> as its previous holder knew them. RESUME does not resend READY's
    /// guild list or GUILD_CREATE, so <see cref="GatewayShard.GuildCount"/> starts from this list. A READY replaces
    /// it. Default empty.
    /// </summary>
    public IReadOnlyCollection<ulong> InitialGuildIds { get; set; } = [];

    /// <summary>
    /// Checked before each connection attempt and before each IDENTIFY, RESUME and heartbeat. When it returns false the
    /// shard drops the connection without a close frame and stops, so nothing more is sent. A host that holds a shard
    /// lease passes its validity check here: a process resumed after a pause past its lease deadline then neither
    /// heartbeats nor resumes its old session. Default null, which allows every send.
    /// </summary>
    public Func<bool>? SendGuard { get; set; }

    /// <summary>
    /// Resumes in a row that may fail (refused or dropped connection, timeout, a resumable INVALID_SESSION) before the
    /// shard drops its session and identifies. A session from <see cref="InitialSession"/> gets one try until the
    /// shard has been Ready once. Default 3.
    /// </summary>
    public int MaxResumeAttempts { get; set; } = 3;

    /// <summary>How long to wait for the connection and then for HELLO, each. Default 30 seconds.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Shortest wait before identifying again after INVALID_SESSION with <c>d:false</c>. Default 1 second; Discord's
    /// older docs asked for a random wait of 1 to 5 seconds.
    /// </summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait before identifying again after INVALID_SESSION with <c>d:false</c>. Default 5 seconds.</summary>
    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First backoff after a failed reconnect; it doubles with each failure in a row. Default 1 second.</summary>
    public TimeSpan ReconnectBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect backoff. Default 60 seconds.</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Returns every invalid setting, each naming the property and the fix; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Token))
        {
            failures.Add("Token is missing: set the bot token.");
        }

        if (ShardCount < 1)
        {
            failures.Add($"ShardCount is {ShardCount}: it must be at least 1.");
        }

        if (ShardId < 0 || ShardId >= ShardCount)
        {
            failures.Add($"ShardId is {ShardId}: it must be from 0 to ShardCount - 1 ({ShardCount - 1}).");
        }

        if (LargeThreshold is < 50 or > 250)
        {
            failures.Add($"LargeThreshold is {LargeThreshold}: it must be from 50 to 250.");
        }

        if (GatewayUrl.Scheme is not ("ws" or "wss"))
        {
            failures.Add($"GatewayUrl is {GatewayUrl}: it must be a ws:// or wss:// URL.");
        }

        if (MaxResumeAttempts < 1)
        {
            failures.Add($"MaxResumeAttempts is {MaxResumeAttempts}: it must be at least 1.");
        }

        if (HelloTimeout <= TimeSpan.Zero)
        {
            failures.Add($"HelloTimeout is {HelloTimeout}: it must be positive.");
        }

        if (InvalidSessionDelayMin < TimeSpan.Zero || InvalidSessionDelayMax < InvalidSessionDelayMin)
        {
            failures.Add($"InvalidSessionDelayMin ({InvalidSessionDelayMin}) and InvalidSessionDelayMax ({InvalidSessionDelayMax}) must satisfy 0 <= min <= max.");
        }

        if (ReconnectBackoffBase < TimeSpan.Zero || ReconnectBackoffMax < ReconnectBackoffBase)
        {
            failures.Add($"ReconnectBackoffBase ({ReconnectBackoffBase}) and ReconnectBackoffMax ({ReconnectBackoffMax}) must satisfy 0 <= base <= max.");
        }

        return failures;
    }
}

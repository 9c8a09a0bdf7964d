namespace Alyx.Shard.Hosting;

/// <summary>
/// Settings of a shard host, bound from the <c>Shard</c> section; <see cref="ShardEnvironment"/> maps the
/// <c>ALYX_*</c> variables onto it. <see cref="ShardHostOptionsValidator"/> checks them at start.
/// </summary>
public sealed class ShardHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Shard";

    /// <summary>The bot token, without the <c>Bot </c> prefix (<c>ALYX_TOKEN</c>). Required. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>The versioned REST base URL (<c>ALYX_DISCORD_REST_URL</c>). Default <c>https://discord.com/api/v10/</c>.</summary>
    public Uri RestUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <summary>The gateway URL (<c>ALYX_GATEWAY_URL</c>). Default null: the URL <c>GET /gateway/bot</c> returns.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>The gateway intents bitfield (<c>ALYX_INTENTS</c>). Default 513: GUILDS and GUILD_MESSAGES.</summary>
    public int Intents { get; set; } = 513;

    /// <summary>
    /// The cluster's Redis address (<c>ALYX_REDIS</c>): <c>host:port</c>, <c>redis://[user:password@]host:port</c>,
    /// <c>rediss://</c> for TLS, or a StackExchange.Redis configuration string. Default <c>127.0.0.1:6379</c>. Never logged.
    /// </summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// A folder of plugin assemblies (<c>ALYX_PLUGINS_PATH</c>): each <c>*.dll</c> in it, and each
    /// <c>NAME/NAME.dll</c> in a subfolder, loads in its own load context. Default null: only plugins registered in code.
    /// </summary>
    public string? PluginsPath { get; set; }

    /// <summary>What to do when another holder has the lease (<c>ALYX_LEASE_MODE</c>). Default <see cref="LeaseMode.Wait"/>.</summary>
    public LeaseMode LeaseMode { get; set; } = LeaseMode.Wait;

    /// <summary>Time to live of the shard lease (<c>ALYX_LEASE_TTL_MS</c>). Default 15 s.</summary>
    /// <remarks>
    /// Discord keeps a silent connection's session live for longer than this default, so a successor of a holder
    /// that was lost rather than stopped waits <see cref="SilentSessionTimeout"/> before it identifies.
    /// </remarks>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the gateway keeps a session live after its connection's last heartbeat
    /// (<c>ALYX_SILENT_SESSION_TIMEOUT_MS</c>). A host whose predecessor reported a session and then went silent
    /// without handing it over waits until this long after the predecessor's last possible heartbeat, so the two
    /// sessions never receive events at once. Zero turns the wait off. Default 50 s.
    /// </summary>
    /// <remarks>
    /// NOTE: 50 s is an estimate: Discord's heartbeat interval (41.25 s) plus a tolerance that Discord does not
    /// document.
    /// </remarks>
    public TimeSpan SilentSessionTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Time between lease renewals (<c>ALYX_LEASE_RENEW_MS</c>). Default 5 s.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long before the lease's expiry the host stops trusting it (<c>ALYX_LEASE_MARGIN_MS</c>). Default 3 s.</summary>
    public TimeSpan LeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// One identify per bucket per this window in the cluster's identify gate (<c>ALYX_IDENTIFY_WINDOW_MS</c>).
    /// Default 5 s, as Discord; shorten it only against the emulator.
    /// </summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time the identify gate adds to <see cref="IdentifyWindow"/> between two slots of one bucket
    /// (<c>ALYX_IDENTIFY_MARGIN_MS</c>): half bounds how late the host may send IDENTIFY after its slot, half covers
    /// jitter on the way to Discord. Default 100 ms; keep it well above the round trip to Redis.
    /// </summary>
    public TimeSpan IdentifyMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long shutdown waits for in-flight plugin handlers (<c>ALYX_DRAIN_TIMEOUT_MS</c>). Default 10 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The whole shutdown budget (<c>ALYX_SHUTDOWN_TIMEOUT_MS</c>). Default 25 s, inside ECS's default stop timeout
    /// of 30 s, after which the container gets SIGKILL.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a saved session waits in Redis for a successor. Default 2 minutes, inside Discord's few resumable minutes.</summary>
    public TimeSpan SessionHandoverTimeToLive { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Time between status heartbeats and metric lines (<c>ALYX_STATUS_INTERVAL_MS</c>). Default 10 s.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time between reads of the cluster's active shard set (<c>ALYX_ACTIVE_SET_POLL_MS</c>). Default 1 s. Keep it well
    /// below the orchestrator's cutover notice (default 3 s): events past the notice after the last read wait for the next.
    /// </summary>
    public TimeSpan ActiveSetPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The task id in the lease and in logs (<c>ALYX_TASK_ID</c>). Default <c>{host name}-{process id}</c>.</summary>
    public string TaskId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Whether to write Embedded Metric Format lines to standard output (<c>ALYX_METRICS</c>). Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// A file the host touches after each status heartbeat it writes to Redis, for a container health check
    /// (<c>ALYX_HEALTH_FILE</c>). Default null: no file. Dockerfile.shard sets <c>/tmp/alyx-health</c>.
    /// </summary>
    public string? HealthFile { get; set; }

    /// <summary>
    /// The messaging transport (<c>ALYX_TRANSPORT</c>): <c>redis</c>, or <c>sns-sqs</c> on the cluster's bus topic,
    /// whose shard queues the orchestrator creates. Default <c>redis</c>.
    /// </summary>
    public string Transport { get; set; } = "redis";

    /// <summary>The cluster's SNS bus topic (<c>ALYX_BUS_TOPIC_ARN</c>); required with <c>sns-sqs</c>. Default null.</summary>
    public string? BusTopicArn { get; set; }

    /// <summary>The prefix of the SQS queue names (<c>ALYX_QUEUE_PREFIX</c>), as the orchestrator uses it. Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; set; } = "alyx";

    /// <summary>The S3 bucket for message payloads over the SNS limit (<c>ALYX_PAYLOAD_BUCKET</c>). Default null: such messages fail.</summary>
    public string? PayloadBucket { get; set; }
}

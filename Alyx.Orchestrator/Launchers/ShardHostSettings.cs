using System.Globalization;
using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// What every shard host of a cluster gets besides its assignment, passed as the <c>ALYX_*</c> variables that the
/// shard host reads.
/// </summary>
public sealed class ShardHostSettings
{
    /// <summary>The bot token. Required. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>The versioned Discord REST base URL. Default <c>https://discord.com/api/v10/</c>.</summary>
    public Uri RestUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <summary>
    /// The cluster's Redis address, passed to hosts unchanged as <c>ALYX_REDIS</c>: <c>host:port</c>,
    /// <c>redis://[user:password@]host:port</c>, <c>rediss://</c> for TLS, or a StackExchange.Redis configuration
    /// string. Default <c>127.0.0.1:6379</c>. It may contain a password: never logged.
    /// </summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>The gateway intents bitfield. Default 513: GUILDS and GUILD_MESSAGES.</summary>
    public int Intents { get; set; } = 513;

    /// <summary>A folder of plugin assemblies for the hosts, or null for none.</summary>
    public string? PluginsPath { get; set; }

    /// <summary>Time to live of a shard lease. Default 15 s; a killed host's shard waits this long for its successor.</summary>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between lease renewals. Default 5 s.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long before its lease's expiry a host stops trusting it. Default 3 s.</summary>
    public TimeSpan LeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>One identify per bucket per this window. Default 5 s, as Discord; shorter only against the emulator.</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time the identify gate adds to the window between two slots of one bucket. Default 100 ms.</summary>
    public TimeSpan IdentifyMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the gateway keeps a silent connection's session live. A host whose predecessor was lost waits this
    /// long before identifying. Default 50 s, an estimate for Discord. Against the emulator, use its heartbeat
    /// interval plus grace.
    /// </summary>
    public TimeSpan SilentSessionTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Time between host heartbeats into Redis. Default 10 s; a heartbeat expires after three of them.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time between a host's reads of the cluster's active shard set. Default 1 s; it must stay well below the
    /// orchestrator's cutover notice, so every host of a retiring set reads a switch before it takes effect.
    /// </summary>
    public TimeSpan ActiveSetPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping host waits for in-flight plugin handlers. Default 10 s; less than <see cref="ShutdownTimeout"/>.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a host may take to stop after SIGTERM before it is killed. Default 25 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Whether hosts write Embedded Metric Format lines to standard output. Default false for local runs.</summary>
    public bool Metrics { get; set; }

    /// <summary>
    /// The hosts' messaging transport, <c>redis</c> or <c>sns-sqs</c> (<c>ALYX_TRANSPORT</c>). Default <c>redis</c>. With
    /// <c>sns-sqs</c> the hosts also get <see cref="BusTopicArn"/>, <see cref="QueuePrefix"/> and <see cref="PayloadBucket"/>.
    /// </summary>
    public string Transport { get; set; } = "redis";

    /// <summary>The cluster's SNS bus topic for <c>sns-sqs</c> (<c>ALYX_BUS_TOPIC_ARN</c>). Default null.</summary>
    public string? BusTopicArn { get; set; }

    /// <summary>The prefix of the SQS queue names (<c>ALYX_QUEUE_PREFIX</c>). Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; set; } = "alyx";

    /// <summary>The S3 bucket for large message payloads (<c>ALYX_PAYLOAD_BUCKET</c>). Default null: none.</summary>
    public string? PayloadBucket { get; set; }

    /// <summary>Returns the environment of a host for <paramref name="request"/>.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment(ShardLaunchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ShardAssignment.ClusterVariable] = request.Cluster,
            [ShardAssignment.ShardSetVariable] = Text(request.ShardSet),
            [ShardAssignment.ShardIdVariable] = Text(request.ShardId),
            [ShardAssignment.ShardCountVariable] = Text(request.ShardCount),
            ["ALYX_TASK_ID"] = request.TaskId,
            ["ALYX_TOKEN"] = Token,
            ["ALYX_DISCORD_REST_URL"] = RestUrl.ToString(),
            ["ALYX_REDIS"] = Redis,
            ["ALYX_INTENTS"] = Text(Intents),
            ["ALYX_LEASE_MODE"] = nameof(LeaseMode.Wait),
            ["ALYX_LEASE_TTL_MS"] = Milliseconds(LeaseTimeToLive),
            ["ALYX_LEASE_RENEW_MS"] = Milliseconds(LeaseRenewInterval),
            ["ALYX_LEASE_MARGIN_MS"] = Milliseconds(LeaseSafetyMargin),
            ["ALYX_IDENTIFY_WINDOW_MS"] = Milliseconds(IdentifyWindow),
            ["ALYX_IDENTIFY_MARGIN_MS"] = Milliseconds(IdentifyMargin),
            ["ALYX_SILENT_SESSION_TIMEOUT_MS"] = Milliseconds(SilentSessionTimeout),
            ["ALYX_STATUS_INTERVAL_MS"] = Milliseconds(StatusInterval),
            ["ALYX_ACTIVE_SET_POLL_MS"] = Milliseconds(ActiveSetPollInterval),
            ["ALYX_DRAIN_TIMEOUT_MS"] = Milliseconds(DrainTimeout),
            ["ALYX_SHUTDOWN_TIMEOUT_MS"] = Milliseconds(ShutdownTimeout),
            ["ALYX_METRICS"] = Metrics ? "true" : "false",
        };
        if (!string.IsNullOrWhiteSpace(PluginsPath))
        {
            environment["ALYX_PLUGINS_PATH"] = PluginsPath;
        }

        if (Transport != "redis")
        {
            environment["ALYX_TRANSPORT"] = Transport;
            environment["ALYX_QUEUE_PREFIX"] = QueuePrefix;
            AddIfSet(environment, "ALYX_BUS_TOPIC_ARN", BusTopicArn);
            AddIfSet(environment, "ALYX_PAYLOAD_BUCKET", PayloadBucket);
        }

        return environment;
    }

    private static void AddIfSet(Dictionary<string, string> environment, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            environment[name] = value;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}

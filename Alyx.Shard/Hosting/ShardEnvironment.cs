using System.Globalization;

namespace Alyx.Shard.Hosting;

/// <summary>
/// Maps the short <c>ALYX_*</c> environment variables that the orchestrator and operators set onto configuration
/// keys. Variables ending in <c>_MS</c> hold milliseconds. Any other key can be set as
/// <c>ALYX_Shard__Name</c> through the prefixed environment source.
/// </summary>
public static class ShardEnvironment
{
    private static readonly (string Variable, string Key, bool Milliseconds)[] Map =
    [
        ("ALYX_TOKEN", "Shard:Token", false),
        ("ALYX_DISCORD_REST_URL", "Shard:RestUrl", false),
        ("ALYX_GATEWAY_URL", "Shard:GatewayUrl", false),
        ("ALYX_INTENTS", "Shard:Intents", false),
        ("ALYX_REDIS", "Shard:Redis", false),
        ("ALYX_PLUGINS_PATH", "Shard:PluginsPath", false),
        ("ALYX_LEASE_MODE", "Shard:LeaseMode", false),
        ("ALYX_LEASE_TTL_MS", "Shard:LeaseTimeToLive", true),
        ("ALYX_LEASE_RENEW_MS", "Shard:LeaseRenewInterval", true),
        ("ALYX_LEASE_MARGIN_MS", "Shard:LeaseSafetyMargin", true),
        ("ALYX_IDENTIFY_WINDOW_MS", "Shard:IdentifyWindow", true),
        ("ALYX_IDENTIFY_MARGIN_MS", "Shard:IdentifyMargin", true),
        ("ALYX_SILENT_SESSION_TIMEOUT_MS", "Shard:SilentSessionTimeout", true),
        ("ALYX_DRAIN_TIMEOUT_MS", "Shard:DrainTimeout", true),
        ("ALYX_SHUTDOWN_TIMEOUT_MS", "Shard:ShutdownTimeout", true),
        ("ALYX_STATUS_INTERVAL_MS", "Shard:StatusInterval", true),
        ("ALYX_ACTIVE_SET_POLL_MS", "Shard:ActiveSetPollInterval", true),
        ("ALYX_TASK_ID", "Shard:TaskId", false),
        ("ALYX_METRICS", "Shard:Metrics", false),
        ("ALYX_HEALTH_FILE", "Shard:HealthFile", false),
        ("ALYX_TRANSPORT", "Shard:Transport", false),
        ("ALYX_BUS_TOPIC_ARN", "Shard:BusTopicArn", false),
        ("ALYX_QUEUE_PREFIX", "Shard:QueuePrefix", false),
        ("ALYX_PAYLOAD_BUCKET", "Shard:PayloadBucket", false),
    ];

    /// <summary>Returns the configuration entries of the variables that are set; a bad millisecond value is passed on for validation to report.</summary>
    public static IReadOnlyDictionary<string, string?> ToConfiguration(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key, milliseconds) in Map)
        {
            var value = getVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            entries[key] = milliseconds && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms).ToString("c", CultureInfo.InvariantCulture)
                : value.Trim();
        }

        return entries;
    }
}

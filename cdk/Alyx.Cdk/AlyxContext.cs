using System.Globalization;

namespace Alyx.Cdk;

/// <summary>Reads <see cref="AlyxStackProps"/> from the CDK context keys <c>alyx:*</c> (cdk.json or <c>-c key=value</c>).</summary>
public static class AlyxContext
{
    /// <summary>Builds the settings, keeping each default whose context key is absent.</summary>
    /// <param name="tryGetContext">Returns a context value or null, such as <c>app.Node.TryGetContext</c>.</param>
    /// <exception cref="ArgumentException">A value is not a number or <c>auto</c> where one is needed; the message names the key.</exception>
    public static AlyxStackProps Read(Func<string, object?> tryGetContext)
    {
        ArgumentNullException.ThrowIfNull(tryGetContext);
        var defaults = new AlyxStackProps();
        string? Text(string key) => tryGetContext(key) is { } value && value.ToString() is { Length: > 0 } text ? text : null;
        int Integer(string key, int fallback) => Text(key) is { } text ? ParseInteger(key, text) : fallback;
        double Number(string key, double fallback) => Text(key) is { } text ? ParseNumber(key, text) : fallback;

        var shardCount = Text("alyx:shardCount");
        return new AlyxStackProps
        {
            Cluster = Text("alyx:cluster") ?? defaults.Cluster,
            QueuePrefix = Text("alyx:queuePrefix") ?? defaults.QueuePrefix,
            ShardCount = shardCount is null || shardCount == "auto" ? null : ParseInteger("alyx:shardCount", shardCount),
            OrchestratorImage = Text("alyx:orchestratorImage"),
            ShardImage = Text("alyx:shardImage"),
            RepositoryRoot = Text("alyx:repositoryRoot") is { } root ? Path.GetFullPath(root) : defaults.RepositoryRoot,
            OrchestratorCpu = Integer("alyx:orchestratorCpu", defaults.OrchestratorCpu),
            OrchestratorMemoryMiB = Integer("alyx:orchestratorMemoryMiB", defaults.OrchestratorMemoryMiB),
            OrchestratorCount = Integer("alyx:orchestratorCount", defaults.OrchestratorCount),
            ShardCpu = Integer("alyx:shardCpu", defaults.ShardCpu),
            ShardMemoryMiB = Integer("alyx:shardMemoryMiB", defaults.ShardMemoryMiB),
            RedisNodeType = Text("alyx:redisNodeType") ?? defaults.RedisNodeType,
            RedisReplicas = Integer("alyx:redisReplicas", defaults.RedisReplicas),
            RedisEngineVersion = Text("alyx:redisEngineVersion") ?? defaults.RedisEngineVersion,
            LogRetentionDays = Integer("alyx:logRetentionDays", defaults.LogRetentionDays),
            PayloadExpirationDays = Integer("alyx:payloadExpirationDays", defaults.PayloadExpirationDays),
            MaxAzs = Integer("alyx:maxAzs", defaults.MaxAzs),
            NatGateways = Integer("alyx:natGateways", defaults.NatGateways),
            GatewayLatencyThresholdMs = Number("alyx:gatewayLatencyThresholdMs", defaults.GatewayLatencyThresholdMs),
            HandlerErrorsThreshold = Number("alyx:handlerErrorsThreshold", defaults.HandlerErrorsThreshold),
            LogErrorsThreshold = Number("alyx:logErrorsThreshold", defaults.LogErrorsThreshold),
            ShardsNotReadyMinutes = Integer("alyx:shardsNotReadyMinutes", defaults.ShardsNotReadyMinutes),
            TokenSecretName = Text("alyx:tokenSecretName"),
        };
    }

    private static int ParseInteger(string key, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{key} '{text}' is not a whole number: set it like -c {key}=2.");

    private static double ParseNumber(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{key} '{text}' is not a number: set it like -c {key}=1000.");
}

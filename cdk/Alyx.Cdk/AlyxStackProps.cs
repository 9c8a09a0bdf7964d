using System.Text.RegularExpressions;
using Amazon.CDK;

namespace Alyx.Cdk;

/// <summary>
/// The bot's settings for <see cref="AlyxStack"/>, read from the <c>alyx:*</c> context keys in cdk.json or given on the
/// command line (<c>cdk deploy -c alyx:cluster=prod</c>). Every property has a default; <see cref="Validate"/> names
/// every invalid value.
/// </summary>
public sealed partial class AlyxStackProps : StackProps
{
    /// <summary>The largest shard count the stack makes one latency alarm per shard for.</summary>
    public const int MaxShardAlarms = 100;

    // The retention periods CloudWatch Logs accepts, in days.
    private static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>The cluster name (<c>ALYX_CLUSTER</c>), part of every resource name. Default <c>default</c>.</summary>
    public string Cluster { get; init; } = "default";

    /// <summary>
    /// The prefix of queue and topic names (<c>ALYX_QUEUE_PREFIX</c>). The orchestrator may manage SQS queues and SNS
    /// subscriptions only under <c>{prefix}-{cluster}-*</c>. Default <c>alyx</c>.
    /// </summary>
    public string QueuePrefix { get; init; } = "alyx";

    /// <summary>
    /// The expected shard count, or null for <c>auto</c>. The orchestrator takes the real count from the cluster spec
    /// (<c>alyx shards scale</c>); the stack uses this one for alarms: a number gets one gateway latency alarm per
    /// shard (with a ShardId dimension, so the orchestrator can restart that shard), and auto gets one alarm on the
    /// maximum over all shards. Default null (auto).
    /// </summary>
    public int? ShardCount { get; init; }

    /// <summary>
    /// The orchestrator image URI, built from Dockerfile.orchestrator and pushed. Null builds the image from the
    /// repository as a CDK asset at deploy time (needs Docker there). An Amazon ECR URI also grants the pull.
    /// Default null.
    /// </summary>
    public string? OrchestratorImage { get; init; }

    /// <summary>The shard host image URI, built from Dockerfile.shard; null builds it as an asset. Default null.</summary>
    public string? ShardImage { get; init; }

    /// <summary>The repository root, the build context of image assets. Default the current directory's parent.</summary>
    public string RepositoryRoot { get; init; } = Path.GetFullPath("..");

    /// <summary>Orchestrator task CPU in CPU units (1024 = one vCPU). Default 256.</summary>
    public int OrchestratorCpu { get; init; } = 256;

    /// <summary>Orchestrator task memory in MiB. Default 512.</summary>
    public int OrchestratorMemoryMiB { get; init; } = 512;

    /// <summary>Orchestrator tasks; one leads and the others stand by behind the leader lease. Default 2.</summary>
    public int OrchestratorCount { get; init; } = 2;

    /// <summary>Shard task CPU in CPU units (1024 = one vCPU). Default 256.</summary>
    public int ShardCpu { get; init; } = 256;

    /// <summary>Shard task memory in MiB. Default 512.</summary>
    public int ShardMemoryMiB { get; init; } = 512;

    /// <summary>The ElastiCache node type. Default <c>cache.t4g.micro</c>.</summary>
    public string RedisNodeType { get; init; } = "cache.t4g.micro";

    /// <summary>Redis read replicas beside the primary; one or more turns on automatic failover and Multi-AZ. Default 1.</summary>
    public int RedisReplicas { get; init; } = 1;

    /// <summary>The Redis engine version. Default <c>7.1</c>.</summary>
    public string RedisEngineVersion { get; init; } = "7.1";

    /// <summary>Days CloudWatch Logs keeps container logs. Default 30.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Days a stored large payload lives in the payload bucket before S3 deletes it. Default 1.</summary>
    public int PayloadExpirationDays { get; init; } = 1;

    /// <summary>Availability zones the VPC spans. Default 2.</summary>
    public int MaxAzs { get; init; } = 2;

    /// <summary>NAT gateways for the private subnets' outbound traffic (Discord, AWS APIs). Default 1.</summary>
    public int NatGateways { get; init; } = 1;

    /// <summary>Average gateway latency in milliseconds above which a shard alarms. Default 1000.</summary>
    public double GatewayLatencyThresholdMs { get; init; } = 1000;

    /// <summary>Plugin handler errors per 5 minutes, over all shards, at which the handler alarm fires. Default 10.</summary>
    public double HandlerErrorsThreshold { get; init; } = 10;

    /// <summary>Error log lines per 5 minutes, over all containers, at which the log alarm fires. Default 1.</summary>
    public double LogErrorsThreshold { get; init; } = 1;

    /// <summary>Minutes in a row with fewer ready shards than desired before the readiness alarm fires. Default 10.</summary>
    public int ShardsNotReadyMinutes { get; init; } = 10;

    /// <summary>
    /// The name of an existing Secrets Manager secret with the bot token as its plain string value. Null creates the
    /// secret <c>alyx/{cluster}/discord-token</c> with a random placeholder that the operator replaces. Default null.
    /// </summary>
    public string? TokenSecretName { get; init; }

    /// <summary>Returns every problem with the settings, each naming the context key and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!NamePattern().IsMatch(Cluster))
        {
            failures.Add($"alyx:cluster '{Cluster}' is invalid: use 1 to 32 lowercase letters, digits and hyphens, starting with a letter.");
        }

        if (!NamePattern().IsMatch(QueuePrefix) || QueuePrefix.Length > 16)
        {
            failures.Add($"alyx:queuePrefix '{QueuePrefix}' is invalid: use 1 to 16 lowercase letters, digits and hyphens, starting with a letter.");
        }

        if (ShardCount is < 1 or > MaxShardAlarms)
        {
            failures.Add($"alyx:shardCount {ShardCount} is out of range: use 1 to {MaxShardAlarms}, or auto for one alarm over all shards.");
        }

        CheckFargateSize(failures, "alyx:orchestratorCpu", "alyx:orchestratorMemoryMiB", OrchestratorCpu, OrchestratorMemoryMiB);
        CheckFargateSize(failures, "alyx:shardCpu", "alyx:shardMemoryMiB", ShardCpu, ShardMemoryMiB);
        CheckRange(failures, "alyx:orchestratorCount", OrchestratorCount, 1, 10);
        CheckRange(failures, "alyx:redisReplicas", RedisReplicas, 0, 5);
        CheckRange(failures, "alyx:payloadExpirationDays", PayloadExpirationDays, 1, 365);
        CheckRange(failures, "alyx:maxAzs", MaxAzs, 2, 6);
        CheckRange(failures, "alyx:natGateways", NatGateways, 1, MaxAzs);
        CheckRange(failures, "alyx:shardsNotReadyMinutes", ShardsNotReadyMinutes, 1, 1440);
        if (!RetentionDays.Contains(LogRetentionDays))
        {
            failures.Add($"alyx:logRetentionDays {LogRetentionDays} is not a CloudWatch Logs retention: use one of {string.Join(", ", RetentionDays)}.");
        }

        if (!RedisNodeType.StartsWith("cache.", StringComparison.Ordinal))
        {
            failures.Add($"alyx:redisNodeType '{RedisNodeType}' is invalid: use an ElastiCache node type such as cache.t4g.micro.");
        }

        CheckPositive(failures, "alyx:gatewayLatencyThresholdMs", GatewayLatencyThresholdMs);
        CheckPositive(failures, "alyx:handlerErrorsThreshold", HandlerErrorsThreshold);
        CheckPositive(failures, "alyx:logErrorsThreshold", LogErrorsThreshold);
        return failures;
    }

    // The memory sizes Fargate accepts for the small CPU sizes, in MiB; from 1024 CPU units up, any multiple of 1024
    // from twice the vCPU count to eight times it (the Fargate task size table).
    private static void CheckFargateSize(List<string> failures, string cpuKey, string memoryKey, int cpu, int memory)
    {
        var valid = cpu switch
        {
            256 => memory is 512 or 1024 or 2048,
            512 => memory >= 1024 && memory <= 4096 && memory % 1024 == 0,
            1024 or 2048 or 4096 => memory >= cpu * 2 && memory <= cpu * 8 && memory % 1024 == 0,
            _ => false,
        };
        if (!valid)
        {
            failures.Add($"{cpuKey} {cpu} with {memoryKey} {memory} is not a Fargate task size: use for example 256 with 512, 512 with 1024, or 1024 with 2048.");
        }
    }

    private static void CheckRange(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} {value} is out of range: use {min} to {max}.");
        }
    }

    private static void CheckPositive(List<string> failures, string key, double value)
    {
        if (!(value > 0))
        {
            failures.Add($"{key} {value} is invalid: use a number above 0.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex NamePattern();
}

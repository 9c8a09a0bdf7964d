namespace Alyx.Cdk;

/// <summary>
/// Resource names of one cluster. Queue names follow the ones the orchestrator and the shard hosts use:
/// per-shard queues <c>{prefix}-{cluster}-{set}-{shard}</c>, which the orchestrator creates at run time, beside the
/// fixed ones here.
/// </summary>
internal sealed class AlyxNames(AlyxStackProps props)
{
    /// <summary>The start of every queue and topic name of the cluster; IAM grants stop at it.</summary>
    public string QueueNamePrefix { get; } = $"{props.QueuePrefix}-{props.Cluster}-";

    public string Cluster => props.Cluster;

    public string StackName => $"alyx-{props.Cluster}";

    public string EcsCluster => $"alyx-{props.Cluster}";

    public string ShardFamily => $"alyx-{props.Cluster}-shard";

    public string OrchestratorFamily => $"alyx-{props.Cluster}-orchestrator";

    public string BusTopic => QueueNamePrefix + "bus";

    public string AlarmTopic => QueueNamePrefix + "alarms";

    public string OrchestratorQueue => QueueNamePrefix + "orchestrator";

    /// <summary>The cluster's dead-letter queue, shared by the orchestrator queue and the per-shard queues.</summary>
    public string DeadLetterQueue => QueueNamePrefix + "dlq";

    public string AlarmQueue => QueueNamePrefix + "alarms";

    public string AlarmDeadLetterQueue => QueueNamePrefix + "alarms-dlq";

    public string OrchestratorLogGroup => $"/alyx/{props.Cluster}/orchestrator";

    public string ShardLogGroup => $"/alyx/{props.Cluster}/shard";

    public string TokenSecret => $"alyx/{props.Cluster}/discord-token";

    public string RedisAuthSecret => $"alyx/{props.Cluster}/redis-auth-token";

    public string RedisUrlSecret => $"alyx/{props.Cluster}/redis-url";

    public string AlarmName(string suffix) => $"alyx-{props.Cluster}-{suffix}";

    /// <summary>The namespace of the log error metrics; the EMF metrics use <c>Alyx</c> with a Cluster dimension.</summary>
    public string LogMetricNamespace => $"Alyx/Logs/{props.Cluster}";
}

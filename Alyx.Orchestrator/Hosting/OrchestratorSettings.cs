using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// The settings of a production orchestrator, shared by the Alyx.Orchestrator executable and <c>alyx orchestrator run</c>.
/// Each property is the configuration key <c>Orchestrator:{Name}</c>, the short variable in <see cref="OrchestratorConfiguration"/>
/// and a CLI option; <see cref="Validate"/> names the option and the variable of every invalid value.
/// </summary>
public sealed class OrchestratorSettings
{
    /// <summary>The cluster name (ALYX_CLUSTER, --cluster). Default <c>default</c>.</summary>
    public string Cluster { get; set; } = "default";

    /// <summary>
    /// The Redis address (ALYX_REDIS, --redis): <c>redis://[user:password@]host:port</c>, <c>rediss://</c> for TLS, or a
    /// StackExchange.Redis configuration string. Default <c>127.0.0.1:6379</c>.
    /// </summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>The bot token (DISCORD_TOKEN only, never an option). Required. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The Discord REST base URL (ALYX_DISCORD_REST_URL, --discord-api). Default <c>https://discord.com/api/v10/</c>.</summary>
    public string DiscordRestUrl { get; set; } = "https://discord.com/api/v10/";

    /// <summary>Where shard hosts run (ALYX_LAUNCHER, --launcher): <c>in-process</c>, <c>process</c> or <c>ecs</c>. Default <c>ecs</c>; the CLI's is <c>process</c>.</summary>
    public string Launcher { get; set; } = "ecs";

    /// <summary>The ECS cluster name or ARN (ALYX_ECS_CLUSTER, --ecs-cluster). Required with the ECS launcher.</summary>
    public string? EcsCluster { get; set; }

    /// <summary>The shard task definition as FAMILY, FAMILY:REV or an ARN (ALYX_TASK_DEFINITION, --task-definition). Required with the ECS launcher.</summary>
    public string? TaskDefinition { get; set; }

    /// <summary>The shard host's container in the task definition (ALYX_CONTAINER, --container). Default <c>shard</c>.</summary>
    public string Container { get; set; } = "shard";

    /// <summary>Comma-separated subnet ids (ALYX_SUBNETS, --subnets). Required with the ECS launcher.</summary>
    public string? Subnets { get; set; }

    /// <summary>Comma-separated security group ids (ALYX_SECURITY_GROUPS, --security-groups). Required with the ECS launcher.</summary>
    public string? SecurityGroups { get; set; }

    /// <summary>Whether shard tasks get a public IP address (ALYX_ASSIGN_PUBLIC_IP, --assign-public-ip). Default false.</summary>
    public bool AssignPublicIp { get; set; }

    /// <summary>The message bus transport (ALYX_TRANSPORT, --transport): <c>redis</c> or <c>sns-sqs</c>. Default <c>redis</c>.</summary>
    public string Transport { get; set; } = "redis";

    /// <summary>The SNS topic ARN of the message bus (ALYX_BUS_TOPIC_ARN, --bus-topic-arn). Required with sns-sqs.</summary>
    public string? BusTopicArn { get; set; }

    /// <summary>The prefix of the per-shard SQS queue names (ALYX_QUEUE_PREFIX, --queue-prefix). Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; set; } = "alyx";

    /// <summary>The S3 bucket for payloads over the SNS/SQS size limit (ALYX_PAYLOAD_BUCKET, --payload-bucket). Default none.</summary>
    public string? PayloadBucket { get; set; }

    /// <summary>The SQS queue URL of CloudWatch alarm notifications (ALYX_ALARM_QUEUE_URL, --alarm-queue-url). Default none, alarms off.</summary>
    public string? AlarmQueueUrl { get; set; }

    /// <summary>The log format (ALYX_LOG_FORMAT, --log-format): <c>json</c> lines on standard output, or <c>text</c>. Default <c>json</c>; the CLI's is <c>text</c>.</summary>
    public string LogFormat { get; set; } = "json";

    /// <summary>
    /// Whether to write the ShardsReady and ShardsDesired gauges as Embedded Metric Format lines on standard output after
    /// each reconcile pass (ALYX_METRICS). Default false; the container image and the CDK stack set true.
    /// </summary>
    public bool Metrics { get; set; }

    /// <summary>
    /// The file whose modification time the container health check reads (ALYX_HEALTH_FILE). Touched after each
    /// reconcile pass and each check of the leader lease, as leader or standby. Default none.
    /// </summary>
    public string? HealthFile { get; set; }

    /// <summary>Returns the launcher kind; call after <see cref="Validate"/> passed.</summary>
    public LauncherKind LauncherKind => ParseLauncher(Launcher) ?? throw new InvalidOperationException($"Launcher '{Launcher}' is invalid; validate the settings first.");

    /// <summary>Returns one message per invalid setting, each naming the CLI option, the variable and the fix; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            failures.Add("--cluster (ALYX_CLUSTER) is empty: pass the cluster name, as in --cluster prod.");
        }

        if (string.IsNullOrWhiteSpace(Redis))
        {
            failures.Add("--redis (ALYX_REDIS) is empty: pass the cluster's Redis, as in --redis rediss://user:password@redis.internal:6379.");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            failures.Add("DISCORD_TOKEN is missing: set it to the bot token (on ECS, a Secrets Manager secret of the task).");
        }

        if (!Uri.TryCreate(DiscordRestUrl, UriKind.Absolute, out var rest) || (rest.Scheme != Uri.UriSchemeHttps && rest.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"--discord-api (ALYX_DISCORD_REST_URL) '{DiscordRestUrl}' is not an absolute http(s) URL: pass one such as https://discord.com/api/v10/.");
        }

        var launcher = ParseLauncher(Launcher);
        if (launcher is null)
        {
            failures.Add($"--launcher (ALYX_LAUNCHER) '{Launcher}' is invalid: use in-process, process or ecs.");
        }
        else if (launcher == LauncherKind.Ecs)
        {
            ValidateEcs(failures);
        }

        if (Transport is not ("redis" or "sns-sqs"))
        {
            failures.Add($"--transport (ALYX_TRANSPORT) '{Transport}' is invalid: use redis or sns-sqs.");
        }
        else if (Transport == "sns-sqs" && string.IsNullOrWhiteSpace(BusTopicArn))
        {
            failures.Add("--bus-topic-arn (ALYX_BUS_TOPIC_ARN) is required with --transport sns-sqs: pass the bus topic, as in --bus-topic-arn arn:aws:sns:eu-west-1:123456789012:alyx-bus.");
        }

        if (string.IsNullOrWhiteSpace(QueuePrefix))
        {
            failures.Add("--queue-prefix (ALYX_QUEUE_PREFIX) is empty: pass a short prefix such as alyx.");
        }

        if (AlarmQueueUrl is { Length: > 0 } alarms && !Uri.TryCreate(alarms, UriKind.Absolute, out _))
        {
            failures.Add($"--alarm-queue-url (ALYX_ALARM_QUEUE_URL) '{alarms}' is not an absolute URL: pass the queue URL, as in https://sqs.eu-west-1.amazonaws.com/123456789012/alyx-alarms.");
        }

        if (HealthFile is { Length: > 0 } healthFile && Path.GetDirectoryName(Path.GetFullPath(healthFile)) is { } folder && !Directory.Exists(folder))
        {
            failures.Add($"ALYX_HEALTH_FILE '{healthFile}' is in a folder that does not exist: create the folder or unset ALYX_HEALTH_FILE.");
        }

        if (LogFormat is not ("json" or "text"))
        {
            failures.Add($"--log-format (ALYX_LOG_FORMAT) '{LogFormat}' is invalid: use json or text.");
        }

        return failures;
    }

    /// <summary>Returns the ECS launcher options: <paramref name="tuning"/> (pacing, retries, polls) with this cluster, task definition and network.</summary>
    public EcsLauncherOptions ToEcsOptions(EcsLauncherOptions tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        tuning.Cluster = EcsCluster ?? "";
        tuning.TaskDefinition = TaskDefinition ?? "";
        tuning.ContainerName = Container;
        tuning.AssignPublicIp = AssignPublicIp;
        tuning.Subnets.Clear();
        foreach (var subnet in List(Subnets))
        {
            tuning.Subnets.Add(subnet);
        }

        tuning.SecurityGroups.Clear();
        foreach (var group in List(SecurityGroups))
        {
            tuning.SecurityGroups.Add(group);
        }

        return tuning;
    }

    private void ValidateEcs(List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(EcsCluster))
        {
            failures.Add("--ecs-cluster (ALYX_ECS_CLUSTER) is required with --launcher ecs: pass the ECS cluster name or ARN, as in --ecs-cluster alyx.");
        }

        if (string.IsNullOrWhiteSpace(TaskDefinition))
        {
            failures.Add("--task-definition (ALYX_TASK_DEFINITION) is required with --launcher ecs: pass the shard task definition, as in --task-definition alyx-shard:3.");
        }

        if (string.IsNullOrWhiteSpace(Container))
        {
            failures.Add("--container (ALYX_CONTAINER) is empty: pass the shard container's name in the task definition, as in --container shard.");
        }

        var subnets = List(Subnets);
        if (subnets.Count == 0)
        {
            failures.Add("--subnets (ALYX_SUBNETS) is required with --launcher ecs: pass the private subnet ids, as in --subnets subnet-a,subnet-b.");
        }
        else if (subnets.Count > 16)
        {
            failures.Add($"--subnets (ALYX_SUBNETS) lists {subnets.Count} subnets: ECS takes at most 16.");
        }

        var groups = List(SecurityGroups);
        if (groups.Count == 0)
        {
            failures.Add("--security-groups (ALYX_SECURITY_GROUPS) is required with --launcher ecs: pass the shard tasks' security group ids, as in --security-groups sg-0123.");
        }
        else if (groups.Count > 5)
        {
            failures.Add($"--security-groups (ALYX_SECURITY_GROUPS) lists {groups.Count} groups: ECS takes at most 5.");
        }
    }

    private static List<string> List(string? commaSeparated) =>
        [.. (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static LauncherKind? ParseLauncher(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "in-process" => LauncherKind.InProcess,
        "process" => LauncherKind.Process,
        "ecs" => LauncherKind.Ecs,
        _ => null,
    };
}

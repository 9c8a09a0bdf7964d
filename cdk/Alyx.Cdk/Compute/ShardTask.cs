using Alyx.Cdk.Cache;
using Alyx.Cdk.Messaging;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Alyx.Cdk.Compute;

/// <summary>
/// The shard task definition. No ECS service runs it: the orchestrator starts one task per shard with RunTask and
/// adds the per-shard variables (ALYX_CLUSTER, ALYX_SHARD_SET, ALYX_SHARD_ID, ALYX_SHARD_COUNT, ALYX_TASK_ID) as
/// container overrides. The static settings and the secrets are here.
/// </summary>
internal sealed class ShardTask : Construct
{
    /// <summary>The container name that the orchestrator's overrides address (<c>ALYX_CONTAINER</c>).</summary>
    public const string ContainerName = "shard";


    public ShardTask(
        Construct scope, string id, AlyxStackProps props, AlyxNames names, AlyxMessaging messaging, RedisCache redis, ISecret token)
        : base(scope, id)
    {
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            LogGroupName = names.ShardLogGroup,
            Retention = LogRetention.Of(props.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        TaskRole = new Role(this, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"Alyx cluster {names.Cluster} shard tasks: the bus topic, the cluster's queues and the payload bucket",
        });
        foreach (var statement in TaskPolicies.ShardStatements(names, messaging))
        {
            TaskRole.AddToPrincipalPolicy(statement);
        }

        TaskDefinition = new FargateTaskDefinition(this, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Family = names.ShardFamily,
            Cpu = props.ShardCpu,
            MemoryLimitMiB = props.ShardMemoryMiB,
            TaskRole = TaskRole,
            RuntimePlatform = new RuntimePlatform
            {
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
                CpuArchitecture = CpuArchitecture.X86_64,
            },
        });

        Container = TaskDefinition.AddContainer("Shard", new ContainerDefinitionOptions
        {
            ContainerName = ContainerName,
            Image = ContainerImages.From(this, "Image", props.ShardImage, props.RepositoryRoot, "Dockerfile.shard"),
            Essential = true,
            ReadonlyRootFilesystem = true,
            // ECS sends SIGTERM, then SIGKILL after this; the shard host's shutdown budget
            // (ALYX_SHUTDOWN_TIMEOUT_MS, default 25 s) fits inside.
            StopTimeout = Duration.Seconds(30),
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = "shard" }),
            Environment = new Dictionary<string, string>
            {
                ["ALYX_CLUSTER"] = props.Cluster,
                ["ALYX_TRANSPORT"] = "sns-sqs",
                ["ALYX_BUS_TOPIC_ARN"] = messaging.BusTopic.TopicArn,
                ["ALYX_QUEUE_PREFIX"] = props.QueuePrefix,
                ["ALYX_PAYLOAD_BUCKET"] = messaging.PayloadBucket.BucketName,
                ["ALYX_METRICS"] = "true",
                ["ALYX_LOG_FORMAT"] = "json",
                ["ALYX_HEALTH_FILE"] = HealthFile.Path,
                ["AWS_REGION"] = Aws.REGION,
            },
            // The host touches the health file after each status heartbeat it writes to Redis, every 10 s by
            // default. The start period covers the wait for the shard lease.
            HealthCheck = HealthFile.Check(Duration.Seconds(120)),
            Secrets = new Dictionary<string, EcsSecret>
            {
                ["ALYX_TOKEN"] = EcsSecret.FromSecretsManager(token),
                ["ALYX_REDIS"] = EcsSecret.FromSecretsManager(redis.UrlSecret),
            },
        });

        // NOTE: no task has run on Fargate with a read-only root file system yet; a path the runtime writes outside
        // /tmp would need another volume.
        HealthFile.AddScratchVolume(TaskDefinition, Container);
    }

    public LogGroup LogGroup { get; }

    public Role TaskRole { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public ContainerDefinition Container { get; }
}

using Alyx.Cdk.Cache;
using Alyx.Cdk.Messaging;
using Alyx.Cdk.Network;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Alyx.Cdk.Compute;

/// <summary>
/// The orchestrator: a Fargate service of <see cref="AlyxStackProps.OrchestratorCount"/> tasks in the private subnets
/// without public IPs. Leader election in Redis picks the one that reconciles, and the others stand by. Its
/// environment gives the ECS launcher the cluster, subnets, security group and task definition of
/// <see cref="ShardTask"/>.
/// </summary>
internal sealed class OrchestratorService : Construct
{
    public OrchestratorService(
        Construct scope,
        string id,
        AlyxStackProps props,
        AlyxNames names,
        AlyxNetwork network,
        Cluster cluster,
        AlyxMessaging messaging,
        RedisCache redis,
        ISecret token,
        ShardTask shard)
        : base(scope, id)
    {
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            LogGroupName = names.OrchestratorLogGroup,
            Retention = LogRetention.Of(props.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        TaskRole = new Role(this, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"Alyx cluster {names.Cluster} orchestrator: shard tasks, routes and payloads of this cluster only",
        });
        var statements = TaskPolicies.OrchestratorStatements(
            names, messaging, cluster.ClusterArn, shard.TaskRole, shard.TaskDefinition.ObtainExecutionRole());
        foreach (var statement in statements)
        {
            TaskRole.AddToPrincipalPolicy(statement);
        }

        TaskDefinition = new FargateTaskDefinition(this, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Family = names.OrchestratorFamily,
            Cpu = props.OrchestratorCpu,
            MemoryLimitMiB = props.OrchestratorMemoryMiB,
            TaskRole = TaskRole,
            RuntimePlatform = new RuntimePlatform
            {
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
                CpuArchitecture = CpuArchitecture.X86_64,
            },
        });

        var privateSubnetIds = network.Vpc.SelectSubnets(network.TaskSubnets).SubnetIds;
        Container = TaskDefinition.AddContainer("Orchestrator", new ContainerDefinitionOptions
        {
            ContainerName = "orchestrator",
            Image = ContainerImages.From(this, "Image", props.OrchestratorImage, props.RepositoryRoot, "Dockerfile.orchestrator"),
            Essential = true,
            ReadonlyRootFilesystem = true,
            StopTimeout = Duration.Seconds(30),
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = "orchestrator" }),
            Environment = new Dictionary<string, string>
            {
                ["ALYX_CLUSTER"] = props.Cluster,
                ["ALYX_LAUNCHER"] = "ecs",
                ["ALYX_ECS_CLUSTER"] = cluster.ClusterName,
                ["ALYX_TASK_DEFINITION"] = shard.TaskDefinition.TaskDefinitionArn,
                ["ALYX_CONTAINER"] = ShardTask.ContainerName,
                ["ALYX_SUBNETS"] = Fn.Join(",", privateSubnetIds),
                ["ALYX_SECURITY_GROUPS"] = network.ShardSecurityGroup.SecurityGroupId,
                ["ALYX_ASSIGN_PUBLIC_IP"] = "false",
                ["ALYX_TRANSPORT"] = "sns-sqs",
                ["ALYX_BUS_TOPIC_ARN"] = messaging.BusTopic.TopicArn,
                ["ALYX_QUEUE_PREFIX"] = props.QueuePrefix,
                ["ALYX_PAYLOAD_BUCKET"] = messaging.PayloadBucket.BucketName,
                ["ALYX_ALARM_QUEUE_URL"] = messaging.AlarmQueue.QueueUrl,
                ["ALYX_LOG_FORMAT"] = "json",
                ["ALYX_METRICS"] = "true",
                ["ALYX_HEALTH_FILE"] = HealthFile.Path,
                ["AWS_REGION"] = Aws.REGION,
            },

            // The orchestrator touches the health file after each reconcile pass as leader and each leader lease check
            // as leader or standby, about every 5 s with the default lease timing.
            HealthCheck = HealthFile.Check(Duration.Seconds(60)),
            Secrets = new Dictionary<string, EcsSecret>
            {
                ["DISCORD_TOKEN"] = EcsSecret.FromSecretsManager(token),
                ["ALYX_REDIS"] = EcsSecret.FromSecretsManager(redis.UrlSecret),
            },
        });
        HealthFile.AddScratchVolume(TaskDefinition, Container);

        Service = new FargateService(this, "Service", new FargateServiceProps
        {
            ServiceName = "orchestrator",
            Cluster = cluster,
            TaskDefinition = TaskDefinition,
            DesiredCount = props.OrchestratorCount,
            AssignPublicIp = false,
            VpcSubnets = network.TaskSubnets,
            SecurityGroups = [network.OrchestratorSecurityGroup],
            // One task may stop during a deployment because the other keeps or takes the leader lease.
            MinHealthyPercent = 50,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            EnableExecuteCommand = false,
            PlatformVersion = FargatePlatformVersion.LATEST,
        });
    }

    public LogGroup LogGroup { get; }

    public Role TaskRole { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public ContainerDefinition Container { get; }

    public FargateService Service { get; }
}

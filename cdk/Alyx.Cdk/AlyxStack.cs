using System.Diagnostics.CodeAnalysis;
using Alyx.Cdk.Cache;
using Alyx.Cdk.Compute;
using Alyx.Cdk.Messaging;
using Alyx.Cdk.Monitoring;
using Alyx.Cdk.Network;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace Alyx.Cdk;

/// <summary>
/// One Alyx cluster on AWS. It contains a VPC whose tasks run only in private subnets, an ECS cluster with the
/// orchestrator service and the shard task definition, and ElastiCache Redis. It adds the SNS/SQS message bus with
/// the payload bucket, the bot token secret, log groups, alarms and a dashboard. The stack names no account or
/// region, so synthesis never calls AWS.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A CDK stack is a Stack; the name says so, as CDK apps do.")]
public sealed class AlyxStack : Stack
{
    /// <summary>Creates the stack from validated settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists every problem.</exception>
    public AlyxStack(Construct scope, string id, AlyxStackProps props)
        : base(scope, id, WithDefaults(props))
    {
        var failures = props.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Alyx settings: " + string.Join(" ", failures), nameof(props));
        }

        var names = new AlyxNames(props);
        var network = new AlyxNetwork(this, "Network", props);
        var redis = new RedisCache(this, "Redis", props, names, network);
        var messaging = new AlyxMessaging(this, "Messaging", props, names);
        var token = props.TokenSecretName is { } secretName
            ? Amazon.CDK.AWS.SecretsManager.Secret.FromSecretNameV2(this, "Token", secretName)
            : new Amazon.CDK.AWS.SecretsManager.Secret(this, "Token", new SecretProps
            {
                SecretName = names.TokenSecret,
                Description = $"Discord bot token of the Alyx cluster {names.Cluster}: replace the generated placeholder with the token",
                GenerateSecretString = new SecretStringGenerator { ExcludePunctuation = true, PasswordLength = 32 },
            });

        var cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            ClusterName = names.EcsCluster,
            Vpc = network.Vpc,
            ContainerInsights = true,
        });
        var shard = new ShardTask(this, "Shard", props, names, messaging, redis, token);
        var orchestrator = new OrchestratorService(this, "Orchestrator", props, names, network, cluster, messaging, redis, token, shard);
        var alarms = new AlyxAlarms(this, "Alarms", props, names, messaging, orchestrator.LogGroup, shard.LogGroup);
        _ = new AlyxDashboard(this, "Dashboard", names, messaging, alarms);

        Output("EcsCluster", cluster.ClusterName, "ECS cluster of the orchestrator and the shard tasks");
        Output("ShardTaskDefinition", shard.TaskDefinition.TaskDefinitionArn, "Shard task definition (ALYX_TASK_DEFINITION)");
        Output("BusTopicArn", messaging.BusTopic.TopicArn, "SNS bus topic (ALYX_BUS_TOPIC_ARN)");
        Output("AlarmTopicArn", messaging.AlarmTopic.TopicArn, "SNS topic the alarms notify; subscribe people here");
        Output("AlarmQueueUrl", messaging.AlarmQueue.QueueUrl, "SQS queue of alarm notifications (ALYX_ALARM_QUEUE_URL)");
        Output("PayloadBucket", messaging.PayloadBucket.BucketName, "S3 bucket for large payloads (ALYX_PAYLOAD_BUCKET)");
        Output("TokenSecretArn", token.SecretArn, "Secret with the bot token: put the real token here");
        Output("RedisUrlSecretArn", redis.UrlSecret.SecretArn, "Secret with the Redis address and AUTH token (ALYX_REDIS)");
    }

    private void Output(string id, string value, string description) =>
        _ = new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });

    private static AlyxStackProps WithDefaults(AlyxStackProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        props.StackName ??= $"alyx-{props.Cluster}";
        props.Description ??= $"Alyx Discord shard orchestrator, cluster {props.Cluster}";
        return props;
    }
}

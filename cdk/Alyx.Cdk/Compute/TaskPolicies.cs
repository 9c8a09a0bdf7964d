using Alyx.Cdk.Messaging;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;

namespace Alyx.Cdk.Compute;

/// <summary>
/// The task roles' IAM statements: every action is named (no wildcard actions) and every resource is the cluster's
/// own. Queue and topic grants stop at the name prefix <c>{prefix}-{cluster}-</c>, because the orchestrator creates
/// the per-shard queues at run time under that prefix.
/// NOTE: the prefix of cluster <c>a</c> also matches the names of a cluster <c>a-b</c> with the same queue prefix, so
/// clusters that share an account should not have names that extend each other.
/// </summary>
internal static class TaskPolicies
{
    /// <summary>
    /// SQS actions of a shard host on the sns-sqs transport: it reads its shard queue (which the orchestrator created),
    /// dead-letters to the cluster's queue, and sends replies to the orchestrator's and clients' inboxes. The transport
    /// creates a reply queue on first use, so the host calls CreateQueue too (with no tags and no SetQueueAttributes).
    /// </summary>
    private static readonly string[] ShardQueueActions =
    [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:SendMessage",
        "sqs:GetQueueUrl", "sqs:CreateQueue",
    ];

    /// <summary>
    /// SQS actions of the orchestrator: it reads its own queue and the alarm queue, and as route owner creates,
    /// checks (GetQueueAttributes), corrects (SetQueueAttributes) and deletes the per-shard queues.
    /// </summary>
    private static readonly string[] OrchestratorQueueActions =
    [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:SendMessage",
        "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
        "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes",
    ];

    /// <summary>
    /// SNS actions of the route owner, which publishes to shards and subscribes and unsubscribes the per-shard queues
    /// on the bus topic. The filter policy goes with Subscribe, so no subscription attribute action is needed.
    /// </summary>
    private static readonly string[] TopicManagementActions =
    [
        "sns:Publish", "sns:Subscribe", "sns:Unsubscribe", "sns:ListSubscriptionsByTopic",
    ];

    /// <summary>Returns the shard role's statements: publish to the bus, use the cluster's queues, use payloads.</summary>
    public static IEnumerable<PolicyStatement> ShardStatements(AlyxNames names, AlyxMessaging messaging)
    {
        yield return Allow("PublishToBus", ["sns:Publish"], [messaging.BusTopic.TopicArn]);
        yield return Allow("UseClusterQueues", ShardQueueActions, [ClusterQueuesArn(messaging.BusTopic.Stack, names)]);
        yield return Allow("UsePayloads", ["s3:GetObject", "s3:PutObject"], [messaging.PayloadBucket.ArnForObjects("*")]);
    }

    /// <summary>
    /// Returns the orchestrator role's statements: run only the shard task definition in this cluster, stop, describe
    /// and list only this cluster's tasks, pass only the shard roles, and manage only the cluster's queues and topics.
    /// </summary>
    public static IEnumerable<PolicyStatement> OrchestratorStatements(
        AlyxNames names, AlyxMessaging messaging, string clusterArn, IRole shardTaskRole, IRole shardExecutionRole)
    {
        var stack = messaging.BusTopic.Stack;
        var onCluster = new Dictionary<string, object> { ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = clusterArn } };
        var clusterTasks = stack.FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task",
            ResourceName = names.EcsCluster + "/*",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
        var shardTaskDefinitions = stack.FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task-definition",
            ResourceName = names.ShardFamily + ":*",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });

        yield return Allow("RunShardTasks", ["ecs:RunTask"], [shardTaskDefinitions], onCluster);

        // RunTask with tags needs ecs:TagResource on the new task, granted only as part of RunTask.
        yield return Allow("TagShardTasksAtLaunch", ["ecs:TagResource"], [clusterTasks], new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["ecs:CreateAction"] = "RunTask" },
        });
        yield return Allow("ManageClusterTasks", ["ecs:StopTask", "ecs:DescribeTasks"], [clusterTasks], onCluster);

        // ListTasks has no task resource to name; the condition limits it to this cluster.
        yield return Allow("ListClusterTasks", ["ecs:ListTasks"], ["*"], onCluster);
        yield return Allow("PassShardRoles", ["iam:PassRole"], [shardTaskRole.RoleArn, shardExecutionRole.RoleArn], new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" },
        });

        // The alarm queue and the orchestrator's queue carry the cluster prefix too, so one statement covers them.
        yield return Allow("ManageClusterQueues", OrchestratorQueueActions, [ClusterQueuesArn(stack, names)]);

        // Subscription ARNs are the topic ARN and a suffix, so the prefix covers them too.
        var clusterTopics = stack.FormatArn(new ArnComponents
        {
            Service = "sns",
            Resource = names.QueueNamePrefix + "*",
            ArnFormat = ArnFormat.NO_RESOURCE_NAME,
        });
        yield return Allow("ManageClusterTopics", TopicManagementActions, [clusterTopics]);
        // Payload objects expire by the bucket's lifecycle rule; no process deletes them.
        yield return Allow("UsePayloads", ["s3:GetObject", "s3:PutObject"], [messaging.PayloadBucket.ArnForObjects("*")]);
    }

    private static string ClusterQueuesArn(Stack stack, AlyxNames names) => stack.FormatArn(new ArnComponents
    {
        Service = "sqs",
        Resource = names.QueueNamePrefix + "*",
        ArnFormat = ArnFormat.NO_RESOURCE_NAME,
    });

    private static PolicyStatement Allow(string sid, string[] actions, string[] resources, Dictionary<string, object>? conditions = null) =>
        new(new PolicyStatementProps
        {
            Sid = sid,
            Effect = Effect.ALLOW,
            Actions = actions,
            Resources = resources,
            Conditions = conditions,
        });
}

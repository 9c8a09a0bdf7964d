using System.Text.Json.Nodes;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class IamTests(SynthesizedStacks stacks)
{
    // What SqsMessageTransport and S3PayloadStore call in a shard host with a bus topic: replies to clients and
    // the orchestrator go to queues the transport creates on first use.
    private static readonly string[] ShardActions =
    [
        "s3:GetObject", "s3:PutObject", "sns:Publish",
        "sqs:ChangeMessageVisibility", "sqs:CreateQueue", "sqs:DeleteMessage", "sqs:GetQueueUrl",
        "sqs:ReceiveMessage", "sqs:SendMessage",
    ];

    // The shard host's calls plus SqsRouteProvisioner's and AlarmListener's, without ECS and IAM.
    private static readonly string[] OrchestratorMessagingActions =
    [
        "s3:GetObject", "s3:PutObject",
        "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:Subscribe", "sns:Unsubscribe",
        "sqs:ChangeMessageVisibility", "sqs:CreateQueue", "sqs:DeleteMessage", "sqs:DeleteQueue", "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage", "sqs:SetQueueAttributes",
    ];

    [Fact]
    public void ShardRole_Actions_AreNamedWithoutWildcards()
    {
        var statements = stacks.DefaultJson.PolicyStatements("ShardTaskRole");

        var actions = statements.SelectMany(TemplateJson.Actions).ToList();

        Assert.All(actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
        Assert.Equal(ShardActions, actions.Distinct().Order());
    }

    [Fact]
    public void ShardRole_Resources_AreNeverEverything()
    {
        var statements = stacks.DefaultJson.PolicyStatements("ShardTaskRole");

        var resources = statements.SelectMany(TemplateJson.StatementResources).ToList();

        Assert.NotEmpty(resources);
        Assert.DoesNotContain("\"*\"", resources);
    }

    [Fact]
    public void ShardRole_Queues_OnlyTheClusterPrefix()
    {
        var statement = Statement("ShardTaskRole", "sqs:ReceiveMessage");

        var resource = TemplateJson.StatementResources(statement).Single();

        Assert.EndsWith(":alyx-default-*\"]]}", resource, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardRole_Publish_OnlyTheBusTopic()
    {
        var statement = Statement("ShardTaskRole", "sns:Publish");

        Assert.StartsWith("MessagingBusTopic", (string?)statement["Resource"]!["Ref"], StringComparison.Ordinal);
    }

    [Fact]
    public void OrchestratorRole_Actions_HaveNoWildcards()
    {
        var statements = stacks.DefaultJson.PolicyStatements("OrchestratorTaskRole");

        var actions = statements.SelectMany(TemplateJson.Actions).ToList();

        Assert.All(actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
    }

    [Fact]
    public void OrchestratorRole_RunTask_OnlyShardFamily()
    {
        var statement = Statement("OrchestratorTaskRole", "ecs:RunTask");

        var resource = TemplateJson.StatementResources(statement).Single();

        Assert.EndsWith(":task-definition/alyx-default-shard:*\"]]}", resource, StringComparison.Ordinal);
        Assert.StartsWith("Cluster", (string?)statement["Condition"]!["ArnEquals"]!["ecs:cluster"]!["Fn::GetAtt"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ecs:StopTask")]
    [InlineData("ecs:DescribeTasks")]
    public void OrchestratorRole_TaskAction_OnlyClusterTasks(string action)
    {
        var statement = Statement("OrchestratorTaskRole", action);

        var resource = TemplateJson.StatementResources(statement).Single();

        Assert.EndsWith(":task/alyx-default/*\"]]}", resource, StringComparison.Ordinal);
        Assert.NotNull(statement["Condition"]!["ArnEquals"]!["ecs:cluster"]);
    }

    [Fact]
    public void OrchestratorRole_ListTasks_ConditionedOnCluster()
    {
        var statement = Statement("OrchestratorTaskRole", "ecs:ListTasks");

        Assert.NotNull(statement["Condition"]!["ArnEquals"]!["ecs:cluster"]);
    }

    [Fact]
    public void OrchestratorRole_PassRole_OnlyShardRoles()
    {
        var statement = Statement("OrchestratorTaskRole", "iam:PassRole");

        var roles = statement["Resource"]!.AsArray().Select(role => (string)role!["Fn::GetAtt"]![0]!).Order().ToList();

        Assert.Equal(2, roles.Count);
        Assert.StartsWith("ShardTaskDefinitionExecutionRole", roles[0], StringComparison.Ordinal);
        Assert.StartsWith("ShardTaskRole", roles[1], StringComparison.Ordinal);
        Assert.Equal("ecs-tasks.amazonaws.com", (string?)statement["Condition"]!["StringEquals"]!["iam:PassedToService"]);
    }

    [Fact]
    public void OrchestratorRole_MessagingActions_MatchTheCalls()
    {
        var statements = stacks.DefaultJson.PolicyStatements("OrchestratorTaskRole");

        var actions = statements.SelectMany(TemplateJson.Actions).Where(action => !action.StartsWith("ecs:", StringComparison.Ordinal) && !action.StartsWith("iam:", StringComparison.Ordinal));

        Assert.Equal(OrchestratorMessagingActions, actions.Distinct().Order());
    }

    [Theory]
    [InlineData("sqs:CreateQueue", ":sqs:")]
    [InlineData("sqs:DeleteQueue", ":sqs:")]
    [InlineData("sqs:SetQueueAttributes", ":sqs:")]
    [InlineData("sns:Subscribe", ":sns:")]
    [InlineData("sns:Unsubscribe", ":sns:")]
    [InlineData("sns:ListSubscriptionsByTopic", ":sns:")]
    [InlineData("sqs:ReceiveMessage", ":sqs:")]
    public void OrchestratorRole_RouteManagement_OnlyClusterNames(string action, string service)
    {
        var statement = Statement("OrchestratorTaskRole", action);

        var resource = TemplateJson.StatementResources(statement).Single();

        Assert.Contains(service, resource, StringComparison.Ordinal);
        Assert.EndsWith(":alyx-default-*\"]]}", resource, StringComparison.Ordinal);
    }

    [Fact]
    public void VariantRoles_Prefix_FollowsQueuePrefixAndCluster()
    {
        var statement = stacks.VariantJson.PolicyStatements("ShardTaskRole")
            .Single(candidate => TemplateJson.Actions(candidate).Contains("sqs:ReceiveMessage"));

        Assert.EndsWith(":bot-prod-*\"]]}", TemplateJson.StatementResources(statement).Single(), StringComparison.Ordinal);
    }

    private JsonObject Statement(string rolePrefix, string action) =>
        stacks.DefaultJson.PolicyStatements(rolePrefix).Single(statement => TemplateJson.Actions(statement).Contains(action));
}

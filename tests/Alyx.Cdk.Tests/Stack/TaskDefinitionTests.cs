namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class TaskDefinitionTests(SynthesizedStacks stacks)
{
    // The names the shard host and the orchestrator read (the settings contract); the launcher adds the per-shard
    // ones (ALYX_SHARD_SET, ALYX_SHARD_ID, ALYX_SHARD_COUNT, ALYX_TASK_ID) as overrides.
    private static readonly string[] ShardEnvironment =
    [
        "ALYX_CLUSTER", "ALYX_TRANSPORT", "ALYX_BUS_TOPIC_ARN", "ALYX_QUEUE_PREFIX", "ALYX_PAYLOAD_BUCKET",
        "ALYX_METRICS", "ALYX_LOG_FORMAT", "ALYX_HEALTH_FILE", "AWS_REGION",
    ];

    private static readonly string[] FargateOnly = ["FARGATE"];

    private static readonly string[] OrchestratorEnvironment =
    [
        "ALYX_CLUSTER", "ALYX_LAUNCHER", "ALYX_ECS_CLUSTER", "ALYX_TASK_DEFINITION", "ALYX_CONTAINER", "ALYX_SUBNETS",
        "ALYX_SECURITY_GROUPS", "ALYX_ASSIGN_PUBLIC_IP", "ALYX_TRANSPORT", "ALYX_BUS_TOPIC_ARN", "ALYX_QUEUE_PREFIX",
        "ALYX_PAYLOAD_BUCKET", "ALYX_ALARM_QUEUE_URL", "ALYX_LOG_FORMAT", "ALYX_METRICS", "ALYX_HEALTH_FILE", "AWS_REGION",
    ];

    [Fact]
    public void ShardTask_Container_IsNamedShard()
    {
        var container = stacks.DefaultJson.Container("ShardTaskDefinition");

        Assert.Equal("shard", (string?)container["Name"]);
    }

    [Fact]
    public void ShardTask_Secrets_TokenAndRedis()
    {
        var container = stacks.DefaultJson.Container("ShardTaskDefinition");

        Assert.Equal(["ALYX_REDIS", "ALYX_TOKEN"], TemplateJson.Names(container, "Secrets").Order());
    }

    [Fact]
    public void ShardTask_Environment_NamesTheCodeReads()
    {
        var container = stacks.DefaultJson.Container("ShardTaskDefinition");

        Assert.Equal(ShardEnvironment.Order(), TemplateJson.Names(container, "Environment").Order());
    }

    [Theory]
    [InlineData("ALYX_TRANSPORT", "sns-sqs")]
    [InlineData("ALYX_METRICS", "true")]
    [InlineData("ALYX_LOG_FORMAT", "json")]
    [InlineData("ALYX_QUEUE_PREFIX", "alyx")]
    [InlineData("ALYX_CLUSTER", "default")]
    public void ShardTask_StaticSetting_HasValue(string name, string value)
    {
        var container = stacks.DefaultJson.Container("ShardTaskDefinition");

        Assert.Equal(value, (string?)TemplateJson.Variable(container, name));
    }

    [Theory]
    [InlineData("ShardTaskDefinition")]
    [InlineData("OrchestratorTaskDefinition")]
    public void Task_HealthCheck_ReadsFileAge(string taskPrefix)
    {
        var container = stacks.DefaultJson.Container(taskPrefix);

        var command = container["HealthCheck"]!["Command"]!.AsArray().Select(word => (string)word!).ToList();

        Assert.Equal("CMD-SHELL", command[0]);
        Assert.Contains("find \"$ALYX_HEALTH_FILE\" -mmin -1", command[1], StringComparison.Ordinal);
        Assert.Equal("/tmp/alyx-health", (string?)TemplateJson.Variable(container, "ALYX_HEALTH_FILE"));
        Assert.Contains(container["MountPoints"]!.AsArray(), mount => (string?)mount!["ContainerPath"] == "/tmp");
    }

    [Fact]
    public void OrchestratorTask_Secrets_TokenAndRedis()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        Assert.Equal(["ALYX_REDIS", "DISCORD_TOKEN"], TemplateJson.Names(container, "Secrets").Order());
    }

    [Fact]
    public void OrchestratorTask_Environment_NamesTheCodeReads()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        Assert.Equal(OrchestratorEnvironment.Order(), TemplateJson.Names(container, "Environment").Order());
    }

    [Fact]
    public void OrchestratorTask_Metrics_AreOn()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        Assert.Equal("true", (string?)TemplateJson.Variable(container, "ALYX_METRICS"));
    }

    [Fact]
    public void OrchestratorTask_LaunchSettings_TargetShardTask()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        Assert.Equal("ecs", (string?)TemplateJson.Variable(container, "ALYX_LAUNCHER"));
        Assert.Equal("shard", (string?)TemplateJson.Variable(container, "ALYX_CONTAINER"));
        Assert.StartsWith("ShardTaskDefinition", (string?)TemplateJson.Variable(container, "ALYX_TASK_DEFINITION")!["Ref"], StringComparison.Ordinal);
        Assert.StartsWith("Cluster", (string?)TemplateJson.Variable(container, "ALYX_ECS_CLUSTER")!["Ref"], StringComparison.Ordinal);
        Assert.StartsWith("MessagingAlarmQueue", (string?)TemplateJson.Variable(container, "ALYX_ALARM_QUEUE_URL")!["Ref"], StringComparison.Ordinal);
    }

    [Fact]
    public void Tasks_Secrets_AreNotInEnvironment()
    {
        var containers = new[] { stacks.DefaultJson.Container("ShardTaskDefinition"), stacks.DefaultJson.Container("OrchestratorTaskDefinition") };

        foreach (var container in containers)
        {
            var environment = TemplateJson.Names(container, "Environment");
            Assert.DoesNotContain("ALYX_TOKEN", environment);
            Assert.DoesNotContain("DISCORD_TOKEN", environment);
            Assert.DoesNotContain("ALYX_REDIS", environment);
        }
    }

    [Theory]
    [InlineData("ShardTaskDefinition", "/alyx/default/shard")]
    [InlineData("OrchestratorTaskDefinition", "/alyx/default/orchestrator")]
    public void Task_Logs_GoThroughAwslogsToItsGroup(string taskPrefix, string logGroupName)
    {
        var json = stacks.DefaultJson;
        var logging = json.Container(taskPrefix)["LogConfiguration"]!;

        var group = (string)logging["Options"]!["awslogs-group"]!["Ref"]!;

        Assert.Equal("awslogs", (string?)logging["LogDriver"]);
        Assert.Equal(logGroupName, (string?)json.Root["Resources"]![group]!["Properties"]!["LogGroupName"]);
        Assert.Equal(30, (int)json.Root["Resources"]![group]!["Properties"]!["RetentionInDays"]!);
    }

    [Fact]
    public void Tasks_Fargate_ReadOnlyRootWithStopTimeout()
    {
        foreach (var prefix in new[] { "ShardTaskDefinition", "OrchestratorTaskDefinition" })
        {
            var container = stacks.DefaultJson.Container(prefix);
            Assert.True((bool)container["ReadonlyRootFilesystem"]!);
            Assert.Equal(30, (int)container["StopTimeout"]!);
        }

        stacks.Default.ResourcePropertiesCountIs("AWS::ECS::TaskDefinition", new Dictionary<string, object>
        {
            ["NetworkMode"] = "awsvpc",
            ["RequiresCompatibilities"] = FargateOnly,
        }, 2);
    }

    [Fact]
    public void OrchestratorService_DesiredCount_IsTwo()
    {
        stacks.Default.ResourceCountIs("AWS::ECS::Service", 1);
        stacks.Default.HasResourceProperties("AWS::ECS::Service", new Dictionary<string, object>
        {
            ["DesiredCount"] = 2,
            ["LaunchType"] = "FARGATE",
            ["ServiceName"] = "orchestrator",
        });
    }

    [Fact]
    public void OrchestratorService_TaskDefinition_IsOrchestrator()
    {
        var service = stacks.DefaultJson.One("AWS::ECS::Service", "Orchestrator").Properties;

        Assert.StartsWith("OrchestratorTaskDefinition", (string?)service["TaskDefinition"]!["Ref"], StringComparison.Ordinal);
    }

    [Fact]
    public void ShardImage_Ecr_IsPulledFromTheRepository()
    {
        var image = stacks.DefaultJson.Container("ShardTaskDefinition")["Image"]!.ToJsonString();

        Assert.Contains("alyx-shard:1.2.3", image, StringComparison.Ordinal);
        Assert.Contains(stacks.DefaultJson.PolicyStatements("ShardTaskDefinitionExecutionRole"), statement =>
            TemplateJson.Actions(statement).Contains("ecr:BatchGetImage"));
    }

    [Fact]
    public void VariantToken_ExistingSecret_IsReferencedNotCreated()
    {
        var secretNames = stacks.VariantJson.Resources("AWS::SecretsManager::Secret").Select(secret => (string?)secret.Properties["Name"]).ToList();

        var tokenSecret = stacks.VariantJson.Container("ShardTaskDefinition")["Secrets"]!.AsArray()
            .Single(secret => (string?)secret!["Name"] == "ALYX_TOKEN")!["ValueFrom"]!.ToJsonString();

        Assert.DoesNotContain("alyx/prod/discord-token", secretNames);
        Assert.Contains("secret:bots/prod-token", tokenSecret, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultToken_Secret_IsCreatedForTheCluster()
    {
        stacks.Default.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Name"] = "alyx/default/discord-token",
        });
    }
}

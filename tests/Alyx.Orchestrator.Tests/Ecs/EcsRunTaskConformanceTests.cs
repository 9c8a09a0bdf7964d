using System.Text.Json.Nodes;
using Alyx.Aws.Ecs;
using Alyx.Aws.Tests.Conformance;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>The RunTask request of the ECS launcher, signed by botocore and by the launcher's client from the same input.</summary>
public sealed class EcsRunTaskConformanceTests
{
    private const string RunTaskResponse = """{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/prod-ecs/abc","lastStatus":"PROVISIONING"}],"failures":[]}""";

    [Fact]
    public async Task Launch_ShardRequest_MatchesBotocore()
    {
        var options = new EcsLauncherOptions { Cluster = "prod-ecs", TaskDefinition = "alyx-shard:12", ContainerName = "shard", AssignPublicIp = false };
        options.Subnets.Add("subnet-a");
        options.Subnets.Add("subnet-b");
        options.SecurityGroups.Add("sg-1");
        var handler = new CapturingHandler(_ => RunTaskResponse);
        using var http = new HttpClient(handler);
        using var ecs = new EcsClient(ConformanceClients.Options(), http, null, ConformanceClients.Clock());
        await using var launcher = new EcsShardLauncher(ecs, options, "bots", TimeProvider.System, NullLogger<EcsShardLauncher>.Instance);
        var parameters = JsonNode.Parse("""
            {"taskDefinition":"alyx-shard:12","cluster":"prod-ecs","count":1,"launchType":"FARGATE",
             "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a","subnet-b"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}},
             "overrides":{"containerOverrides":[{"name":"shard","environment":[
               {"name":"ALYX_CLUSTER","value":"bots"},{"name":"ALYX_SHARD_SET","value":"3"},{"name":"ALYX_SHARD_ID","value":"2"},
               {"name":"ALYX_SHARD_COUNT","value":"8"},{"name":"ALYX_TASK_ID","value":"bots-3-2-0"}]}]},
             "propagateTags":"TASK_DEFINITION","startedBy":"alyx/bots",
             "tags":[{"key":"alyx:cluster","value":"bots"},{"key":"alyx:set","value":"3"},{"key":"alyx:shard","value":"2"},
                     {"key":"alyx:count","value":"8"},{"key":"alyx:task-id","value":"bots-3-2-0"}],
             "clientToken":"2932beaea47e34f110931e45238247122f53ddfe2b89104c9c9eb6342b4139d7"}
            """)!.AsObject();

        var task = await launcher.LaunchAsync(new ShardLaunchRequest("bots", 3, 2, 8, "bots-3-2-0"), CancellationToken.None);
        var expected = await BotocoreOracle.SignAsync("ecs", "RunTask", parameters, compactJson: true);

        ConformanceClients.AssertSameRequest(expected, handler.Captured);
        Assert.Equal("bots-3-2-0", task.TaskId);
    }

    [Fact]
    public async Task Launch_PublicIp_SendsEnabled()
    {
        var options = new EcsLauncherOptions { Cluster = "prod-ecs", TaskDefinition = "alyx-shard", AssignPublicIp = true };
        options.Subnets.Add("subnet-a");
        var handler = new CapturingHandler(_ => RunTaskResponse);
        using var http = new HttpClient(handler);
        using var ecs = new EcsClient(ConformanceClients.Options(), http, null, ConformanceClients.Clock());
        await using var launcher = new EcsShardLauncher(ecs, options, "bots", TimeProvider.System, NullLogger<EcsShardLauncher>.Instance);

        await launcher.LaunchAsync(new ShardLaunchRequest("bots", 1, 0, 1, "bots-1-0-0"), CancellationToken.None);
        var network = JsonNode.Parse(handler.Captured!.Body)!["networkConfiguration"]!["awsvpcConfiguration"]!;

        Assert.Equal("ENABLED", (string?)network["assignPublicIp"]);
        Assert.Null(network["securityGroups"]);
    }
}

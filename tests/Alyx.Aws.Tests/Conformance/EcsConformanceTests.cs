using System.Text.Json.Nodes;
using Alyx.Aws.Ecs;
using static Alyx.Aws.Tests.Conformance.ConformanceClients;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>Each ECS operation signed by botocore and by <see cref="EcsClient"/> from the same input.</summary>
public sealed class EcsConformanceTests
{
    [Fact]
    public async Task RunTask_FullFargateRequest_MatchesBotocore()
    {
        var request = new EcsRunTaskRequest("worker:7")
        {
            Cluster = "bots",
            Count = 2,
            EnableExecuteCommand = false,
            Group = "family:worker",
            LaunchType = "FARGATE",
            NetworkConfiguration = new(new EcsAwsVpcConfiguration(["subnet-a", "subnet-b"], ["sg-1"], "DISABLED")),
            Overrides = new([new EcsContainerOverride("worker") { Environment = [new("SHARD_ID", "0"), new("TOKEN_REF", "a+b&c=d")] }]),
            PlatformVersion = "LATEST",
            PropagateTags = "TASK_DEFINITION",
            StartedBy = "alyx/orch-1",
            Tags = [new("alyx:shard", "0"), new("alyx:cluster", "bots")],
            ClientToken = "6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c",
        };
        var parameters = Parse("""
            {"taskDefinition":"worker:7","cluster":"bots","count":2,"enableExecuteCommand":false,"group":"family:worker",
             "launchType":"FARGATE",
             "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a","subnet-b"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}},
             "overrides":{"containerOverrides":[{"name":"worker","environment":[{"name":"SHARD_ID","value":"0"},{"name":"TOKEN_REF","value":"a+b&c=d"}]}]},
             "platformVersion":"LATEST","propagateTags":"TASK_DEFINITION","startedBy":"alyx/orch-1",
             "tags":[{"key":"alyx:shard","value":"0"},{"key":"alyx:cluster","value":"bots"}],
             "clientToken":"6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c"}
            """);

        var actual = await CaptureAsync("{}", ecs => ecs.RunTaskAsync(request));
        var expected = await BotocoreOracle.SignAsync("ecs", "RunTask", parameters, compactJson: true);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task DescribeTasks_WithTags_MatchesBotocore()
    {
        var parameters = Parse("""{"cluster":"bots","tasks":["arn:aws:ecs:us-east-1:123456789012:task/bots/abc","def"],"include":["TAGS"]}""");

        var actual = await CaptureAsync("{}", ecs => ecs.DescribeTasksAsync("bots", ["arn:aws:ecs:us-east-1:123456789012:task/bots/abc", "def"]));
        var expected = await BotocoreOracle.SignAsync("ecs", "DescribeTasks", parameters, compactJson: true);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task ListTasks_Page_MatchesBotocore()
    {
        var parameters = Parse("""{"cluster":"bots","family":"worker","nextToken":"token/2+x","maxResults":50,"desiredStatus":"STOPPED","launchType":"FARGATE"}""");
        var request = new EcsListTasksRequest("bots") { Family = "worker", NextToken = "token/2+x", MaxResults = 50, DesiredStatus = "STOPPED", LaunchType = "FARGATE" };

        var actual = await CaptureAsync("{}", ecs => ecs.ListTasksAsync(request));
        var expected = await BotocoreOracle.SignAsync("ecs", "ListTasks", parameters, compactJson: true);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task ListTasks_StartedBy_MatchesBotocore()
    {
        var parameters = Parse("""{"cluster":"bots","startedBy":"alyx/orch-1"}""");

        var actual = await CaptureAsync("{}", ecs => ecs.ListTasksAsync(new EcsListTasksRequest("bots") { StartedBy = "alyx/orch-1" }));
        var expected = await BotocoreOracle.SignAsync("ecs", "ListTasks", parameters, compactJson: true);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task StopTask_WithReason_MatchesBotocore()
    {
        var parameters = Parse("""{"cluster":"bots","task":"arn:aws:ecs:us-east-1:123456789012:task/bots/abc","reason":"scale in: shard 3 -> 2"}""");

        var actual = await CaptureAsync("""{"task":{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/bots/abc"}}""",
            ecs => ecs.StopTaskAsync("bots", "arn:aws:ecs:us-east-1:123456789012:task/bots/abc", "scale in: shard 3 -> 2"));
        var expected = await BotocoreOracle.SignAsync("ecs", "StopTask", parameters, compactJson: true);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task ListTasks_SessionCredentials_MatchesBotocore()
    {
        var parameters = Parse("""{"cluster":"bots"}""");
        var handler = new CapturingHandler(_ => "{}");
        using var http = new HttpClient(handler);
        using var ecs = new EcsClient(Options("FwoGZXIvYXdzEJr//////////token=="), http, null, Clock());

        await ecs.ListTasksAsync(new EcsListTasksRequest("bots"));
        var expected = await BotocoreOracle.SignAsync("ecs", "ListTasks", parameters, compactJson: true, sessionToken: "FwoGZXIvYXdzEJr//////////token==");

        Assert.Contains("x-amz-security-token", expected.Headers.Keys);
        AssertSameRequest(expected, handler.Captured);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<CapturedRequest?> CaptureAsync(string responseBody, Func<EcsClient, Task> call)
    {
        var handler = new CapturingHandler(_ => responseBody);
        using var http = new HttpClient(handler);
        using var ecs = new EcsClient(Options(), http, null, Clock());
        await call(ecs);
        return handler.Captured;
    }
}

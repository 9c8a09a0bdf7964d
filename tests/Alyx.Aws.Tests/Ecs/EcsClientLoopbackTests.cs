using System.Text.Json;
using Alyx.Aws.Ecs;
using Alyx.Aws.Tests.Http;

namespace Alyx.Aws.Tests.Ecs;

/// <summary>ECS behaviour moto cannot produce: real pagination, batches over 100, and failures on HTTP 200.</summary>
public sealed class EcsClientLoopbackTests
{
    [Fact]
    public async Task ListAllTaskArns_ThreePages_FollowsNextToken()
    {
        await using var server = new LoopbackAwsServer((request, _) =>
        {
            var token = JsonDocument.Parse(request.Body).RootElement.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
            return token switch
            {
                null => new(200, """{"taskArns":["a","b"],"nextToken":"p2"}"""),
                "p2" => new(200, """{"taskArns":["c","d"],"nextToken":"p3"}"""),
                _ => new(200, """{"taskArns":["e"],"nextToken":null}"""),
            };
        });
        using var ecs = new EcsClient(server.Options());

        var arns = new List<string>();
        await foreach (var arn in ecs.ListAllTaskArnsAsync(new EcsListTasksRequest("c") { StartedBy = "orch", MaxResults = 2 }))
        {
            arns.Add(arn);
        }

        Assert.Equal(["a", "b", "c", "d", "e"], arns);
        var tokens = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.TryGetProperty("nextToken", out var t) ? t.GetString() : null);
        Assert.Equal([null, "p2", "p3"], tokens);
        Assert.All(server.Requests, r => Assert.Equal("AmazonEC2ContainerServiceV20141113.ListTasks", r.Target));
    }

    [Fact]
    public async Task DescribeTasks_250Arns_SendsBatchesOf100()
    {
        await using var server = new LoopbackAwsServer((request, _) =>
        {
            var tasks = JsonDocument.Parse(request.Body).RootElement.GetProperty("tasks").EnumerateArray().Select(t => new { taskArn = t.GetString() });
            return new(200, JsonSerializer.Serialize(new { tasks, failures = Array.Empty<object>() }));
        });
        using var ecs = new EcsClient(server.Options());
        var arns = Enumerable.Range(0, 250).Select(i => $"arn:aws:ecs:us-east-1:123456789012:task/c/{i}").ToList();

        var result = await ecs.DescribeTasksAsync("c", arns);

        Assert.Equal(arns, result.Tasks.Select(t => t.TaskArn));
        var batchSizes = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("tasks").GetArrayLength()).Order();
        Assert.Equal([50, 100, 100], batchSizes);
        Assert.All(server.Requests, r => Assert.Contains("\"include\":[\"TAGS\"]", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunTask_CapacityFailureOn200_ReturnsTypedFailure()
    {
        const string body = """
            {"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c/1","lastStatus":"PROVISIONING","createdAt":1767225600.5,"version":1}],
             "failures":[{"arn":null,"reason":"Capacity is unavailable at this time. Please try again later or in a different availability zone","detail":null}]}
            """;
        await using var server = new LoopbackAwsServer((_, _) => new(200, body));
        using var ecs = new EcsClient(server.Options());

        var result = await ecs.RunTaskAsync(new EcsRunTaskRequest("worker:7") { Count = 2, LaunchType = "FARGATE" });

        var task = Assert.Single(result.Tasks);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:00.5Z", System.Globalization.CultureInfo.InvariantCulture), task.CreatedAt);
        Assert.Equal(1, task.Version);
        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("Capacity is unavailable", failure.Reason, StringComparison.Ordinal);
        var error = Assert.Throws<EcsTaskFailureException>(result.EnsureNoFailures);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task RunTask_NoClientToken_RetriesShareToken()
    {
        await using var server = new LoopbackAwsServer((_, index) => index == 0 ? new(503, string.Empty) : new(200, "{}"));
        using var ecs = new EcsClient(server.Options());

        await ecs.RunTaskAsync(new EcsRunTaskRequest("worker:7") { LaunchType = "FARGATE" });

        var tokens = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("clientToken").GetString()).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task DescribeTasks_MissingTask_ReturnsMissingFailure()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, """{"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:123456789012:task/c/gone","reason":"MISSING"}]}"""));
        using var ecs = new EcsClient(server.Options());

        var result = await ecs.DescribeTasksAsync("c", ["arn:aws:ecs:us-east-1:123456789012:task/c/gone"]);

        Assert.Empty(result.Tasks);
        Assert.Equal("MISSING", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public async Task ListTasks_StartedByWithFamily_ThrowsBeforeSending()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, "{}"));
        using var ecs = new EcsClient(server.Options());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ecs.ListTasksAsync(new EcsListTasksRequest("c") { StartedBy = "orch", Family = "worker" }));

        Assert.Contains("StartedBy must be the only ListTasks filter", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}

using System.Text.Json.Nodes;
using Alyx.Aws.Ecs;
using Alyx.Aws.Tests.Http;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>
/// Throttling and RunTask placement failures, which moto cannot produce on demand, from a scripted loopback server.
/// The client makes one attempt per call, so each throttling reaches the launcher's own retry.
/// </summary>
public sealed class EcsLaunchRetryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Placed = """{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/prod/t1","lastStatus":"PROVISIONING"}],"failures":[]}""";
    private const string NoMemory = """{"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:123456789012:container-instance/prod/i1","reason":"RESOURCE:MEMORY"}]}""";
    private const string NoCapacity = """{"tasks":[],"failures":[{"reason":"Capacity is unavailable at this time. Please try again later or in a different availability zone"}]}""";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private static readonly ShardLaunchRequest Request = new("bots", 1, 4, 8, "bots-1-4-0");

    [Fact]
    public async Task Launch_ThrottledThenAccepted_RetriesWithSameToken()
    {
        await using var server = new LoopbackAwsServer((_, index) => index == 0 ? new CannedResponse(400, Throttled) : new CannedResponse(200, Placed));
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs, maxLaunchAttempts: 3);

        var task = await launcher.LaunchAsync(Request, CancellationToken.None);

        Assert.Equal("bots-1-4-0", task.TaskId);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(ClientToken(server.Requests[0]), ClientToken(server.Requests[1]));
        Assert.Equal(EcsTaskIdentity.ClientToken("bots", 1, 4, "bots-1-4-0"), ClientToken(server.Requests[0]));
    }

    [Fact]
    public async Task Launch_PlacementFailuresThenPlaced_Retries()
    {
        var script = new[] { NoMemory, NoCapacity, Placed };
        await using var server = new LoopbackAwsServer((_, index) => new CannedResponse(200, script[Math.Min(index, 2)]));
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs, maxLaunchAttempts: 3);

        var task = await launcher.LaunchAsync(Request, CancellationToken.None);

        Assert.Equal("bots-1-4-0", task.TaskId);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, server.Requests.Select(ClientToken).Distinct().Count());
    }

    [Fact]
    public async Task Launch_NoCapacityEveryCall_ThrowsWithReason()
    {
        await using var server = new LoopbackAwsServer((_, _) => new CannedResponse(200, NoCapacity));
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs, maxLaunchAttempts: 3);

        var failure = await Assert.ThrowsAsync<ShardLaunchException>(() => launcher.LaunchAsync(Request, CancellationToken.None));

        Assert.Equal("CapacityUnavailable", failure.Reason);
        Assert.Contains("Capacity is unavailable", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Launch_ThrottledEveryCall_ThrowsThrottled()
    {
        await using var server = new LoopbackAwsServer((_, _) => new CannedResponse(400, Throttled));
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs, maxLaunchAttempts: 2);

        var failure = await Assert.ThrowsAsync<ShardLaunchException>(() => launcher.LaunchAsync(Request, CancellationToken.None));

        Assert.Equal("Throttled", failure.Reason);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Launch_ClientException_ThrowsRejectedAtOnce()
    {
        await using var server = new LoopbackAwsServer((_, _) => new CannedResponse(400, """{"__type":"ClientException","message":"TaskDefinition is inactive"}"""));
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs, maxLaunchAttempts: 3);

        var failure = await Assert.ThrowsAsync<ShardLaunchException>(() => launcher.LaunchAsync(Request, CancellationToken.None));

        Assert.Equal("Rejected", failure.Reason);
        Assert.Contains("TaskDefinition is inactive", failure.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Reconcile_LaunchFails_ShardFailedWithEvent()
    {
        await using var server = new LoopbackAwsServer((request, _) => request.Target switch
        {
            "AmazonEC2ContainerServiceV20141113.ListTasks" => new CannedResponse(200, """{"taskArns":[]}"""),
            _ => new CannedResponse(200, NoCapacity),
        });
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_LaunchFails_ShardFailedWithEvent), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(1);
        var launcher = Launcher(new EcsClient(server.Options(maxAttempts: 1)), maxLaunchAttempts: 2, ownsClient: true);
        var options = cluster.Options();
        options.RestartBackoffBase = TimeSpan.FromSeconds(30);
        options.RestartBackoffMax = TimeSpan.FromSeconds(30);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", launcher, launcher, options);

        var status = await cluster.WaitForStatusAsync(s => s.Shards.Count == 1 && s.Shards[0].Phase == ShardPhase.Failed, TimeSpan.FromSeconds(60));
        var failed = await FirstEventAsync(orchestrator.Events, OperatorEventTypes.ShardFailed);

        Assert.Equal("LaunchFailed", failed.Reason);
        Assert.Contains("Capacity is unavailable", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, failed.ShardId);
        Assert.Null(status.Shards[0].TaskId);
        Assert.Equal(2, server.Requests.Count(request => request.Target == "AmazonEC2ContainerServiceV20141113.RunTask"));
    }

    [Fact]
    public async Task Reconcile_LaunchRejected_NoRelaunch()
    {
        await using var server = new LoopbackAwsServer((request, _) => request.Target switch
        {
            "AmazonEC2ContainerServiceV20141113.ListTasks" => new CannedResponse(200, """{"taskArns":[]}"""),
            _ => new CannedResponse(400, """{"__type":"ClientException","message":"Unable to find task definition 'nosuch'"}"""),
        });
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Reconcile_LaunchRejected_NoRelaunch), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(1);
        var launcher = Launcher(new EcsClient(server.Options(maxAttempts: 1)), maxLaunchAttempts: 3, ownsClient: true);
        var options = cluster.Options();
        options.RestartBackoffBase = TimeSpan.FromMilliseconds(50);
        options.RestartBackoffMax = TimeSpan.FromMilliseconds(50);
        var orchestrator = cluster.StartOrchestrator("orchestrator-a", launcher, launcher, options);

        var status = await cluster.WaitForStatusAsync(
            s => s.Conditions.Any(c => c.Type == ClusterConditionTypes.Degraded && c.Status == ConditionStatus.True), TimeSpan.FromSeconds(60));
        var failed = await FirstEventAsync(orchestrator.Events, OperatorEventTypes.ShardFailed);

        // With a 50 ms backoff, a relaunch would have sent more RunTask calls within this second.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var degraded = status.Conditions.Single(c => c.Type == ClusterConditionTypes.Degraded);
        Assert.Equal("LaunchRejected", failed.Reason);
        Assert.Contains("Unable to find task definition", degraded.Message, StringComparison.Ordinal);
        Assert.Equal(ShardPhase.Failed, status.Shards[0].Phase);
        Assert.Equal(1, server.Requests.Count(request => request.Target == "AmazonEC2ContainerServiceV20141113.RunTask"));
    }

    private static EcsShardLauncher Launcher(IEcsClient ecs, int maxLaunchAttempts, bool ownsClient = false)
    {
        var options = new EcsLauncherOptions
        {
            Cluster = "prod",
            TaskDefinition = "alyx-shard",
            MaxLaunchAttempts = maxLaunchAttempts,
            LaunchRetryBase = TimeSpan.FromMilliseconds(10),
            LaunchRetryMax = TimeSpan.FromMilliseconds(50),
        };
        options.Subnets.Add("subnet-a");
        return new EcsShardLauncher(ecs, options, "bots", TimeProvider.System, NullLogger<EcsShardLauncher>.Instance, ownsClient);
    }

    // Events go out after the pass wrote its status, so the test follows the log instead of reading it once.
    private static async Task<OperatorEvent> FirstEventAsync(IEventLog events, string type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var operatorEvent in events.FollowAsync(null, timeout.Token))
        {
            if (operatorEvent.Type == type)
            {
                return operatorEvent;
            }
        }

        throw new InvalidOperationException("The event log ended without a " + type + " event.");
    }

    private static string? ClientToken(ReceivedRequest request) => (string?)JsonNode.Parse(request.Body)!["clientToken"];
}

using Alyx.Aws.Ecs;
using Alyx.Aws.Tests.Http;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>Exits the launcher reads from DescribeTasks, scripted by a loopback server: a task that runs, then stops.</summary>
public sealed class EcsTaskExitTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/t1";
    private const string Tags = """
        [{"key":"alyx:cluster","value":"bots"},{"key":"alyx:set","value":"1"},{"key":"alyx:shard","value":"4"},
         {"key":"alyx:count","value":"8"},{"key":"alyx:task-id","value":"bots-1-4-0"}]
        """;

    [Fact]
    public async Task List_TaskStopped_RaisesExitWithCodeAndReason()
    {
        var stopped = false;
        await using var server = new LoopbackAwsServer((request, _) => request.Target switch
        {
            "AmazonEC2ContainerServiceV20141113.ListTasks" => new CannedResponse(200, $$"""{"taskArns":["{{Arn}}"]}"""),
            _ when !Volatile.Read(ref stopped) => new CannedResponse(200, $$"""{"tasks":[{"taskArn":"{{Arn}}","lastStatus":"RUNNING","desiredStatus":"RUNNING","tags":{{Tags}}}],"failures":[]}"""),
            _ => new CannedResponse(200, $$"""
                {"tasks":[{"taskArn":"{{Arn}}","lastStatus":"STOPPED","desiredStatus":"STOPPED","stopCode":"EssentialContainerExited",
                 "stoppedReason":"Essential container in task exited","containers":[{"name":"shard","exitCode":2,"reason":"bad settings"}],"tags":{{Tags}}}],"failures":[]}
                """),
        });
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs);
        var exits = new List<ShardTaskExit>();
        launcher.TaskExited += (_, exit) => exits.Add(exit);

        var adopted = await launcher.ListAsync(CancellationToken.None);
        Volatile.Write(ref stopped, true);
        var whenStopped = await launcher.ListAsync(CancellationToken.None);
        var afterExit = await launcher.ListAsync(CancellationToken.None);

        Assert.Equal(new ShardTask("bots-1-4-0", 1, 4, 8, Assert.Single(adopted).StartedAt, null), Assert.Single(adopted));
        var exit = Assert.Single(exits);
        Assert.Equal(ShardExitCode.InvalidConfiguration, exit.ExitCode);
        Assert.Equal(2, exit.RawExitCode);
        Assert.False(exit.Requested);
        Assert.Equal("EssentialContainerExited Essential container in task exited bad settings", exit.Reason);
        Assert.Single(whenStopped);
        Assert.Empty(afterExit);
    }

    [Fact]
    public async Task List_StoppedAfterStopAsync_MarksExitRequested()
    {
        var stopped = false;
        await using var server = new LoopbackAwsServer((request, _) => request.Target switch
        {
            "AmazonEC2ContainerServiceV20141113.ListTasks" => new CannedResponse(200, $$"""{"taskArns":["{{Arn}}"]}"""),
            "AmazonEC2ContainerServiceV20141113.StopTask" => Stop(ref stopped),
            _ => new CannedResponse(200, $$"""{"tasks":[{"taskArn":"{{Arn}}","lastStatus":"{{(Volatile.Read(ref stopped) ? "STOPPED" : "RUNNING")}}","tags":{{Tags}}}],"failures":[]}"""),
        });
        using var ecs = new EcsClient(server.Options(maxAttempts: 1));
        await using var launcher = Launcher(ecs);
        var exits = new List<ShardTaskExit>();
        launcher.TaskExited += (_, exit) => exits.Add(exit);

        await launcher.ListAsync(CancellationToken.None);
        var accepted = await launcher.StopAsync("bots-1-4-0", "scale in: shard 4 of 8", CancellationToken.None);
        var repeated = await launcher.StopAsync("bots-1-4-0", "scale in: shard 4 of 8", CancellationToken.None);
        await launcher.ListAsync(CancellationToken.None);

        Assert.True(accepted);
        Assert.True(repeated);
        Assert.Single(server.Requests, request => request.Target == "AmazonEC2ContainerServiceV20141113.StopTask");
        Assert.Contains("\"reason\":\"scale in: shard 4 of 8\"", server.Requests.Single(request => request.Target == "AmazonEC2ContainerServiceV20141113.StopTask").Body, StringComparison.Ordinal);
        Assert.True(Assert.Single(exits).Requested);
    }

    private static CannedResponse Stop(ref bool stopped)
    {
        Volatile.Write(ref stopped, true);
        return new CannedResponse(200, $$$"""{"task":{"taskArn":"{{{Arn}}}","lastStatus":"RUNNING","desiredStatus":"STOPPED"}}""");
    }

    // A one-tick poll interval makes every list read ECS, so each call gets the server's current script.
    private static EcsShardLauncher Launcher(IEcsClient ecs)
    {
        var options = new EcsLauncherOptions { Cluster = "prod", TaskDefinition = "alyx-shard", PollInterval = TimeSpan.FromTicks(1) };
        options.Subnets.Add("subnet-a");
        return new EcsShardLauncher(ecs, options, "bots", TimeProvider.System, NullLogger<EcsShardLauncher>.Instance);
    }
}

using Alyx.Aws.Ecs;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>The orchestrator with the ECS launcher when moto_server returns HTTP 500 with an HTML page for every RunTask.</summary>
public sealed class EcsLaunchFailureTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunTaskServerError_ReportsOneLineErrors()
    {
        using var ecs = await MotoEcsCluster.CreateAsync(runnable: false);
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(RunTaskServerError_ReportsOneLineErrors), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(1);
        var launcher = new EcsShardLauncher(new EcsClient(MotoEcsCluster.Options), ecs.LauncherOptions(), cluster.Cluster, TimeProvider.System, NullLogger<EcsShardLauncher>.Instance, ownsClient: true);
        var options = cluster.Options();
        options.StartGracePeriod = TimeSpan.FromMinutes(30);

        var orchestrator = cluster.StartOrchestrator("orchestrator-a", launcher, launcher, options);
        var status = await cluster.WaitForStatusAsync(s => ClusterConditions.Find(s.Conditions, ClusterConditionTypes.Degraded) is { Status: ConditionStatus.True, Reason: "CrashLoop" }, Timeout);
        var events = await orchestrator.Events.ReadAsync(null, 1000, CancellationToken.None);

        var degraded = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded)!;
        Assert.Contains("launch failed", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", degraded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("check its log", degraded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', degraded.Message);
        var launchFailures = events.Where(e => e.Type == OperatorEventTypes.ShardFailed && e.Reason == "LaunchFailed").ToList();
        Assert.NotEmpty(launchFailures);
        Assert.All(launchFailures, e => Assert.DoesNotContain('\n', e.Message));
        Assert.All(launchFailures, e => Assert.Contains("HTTP 500", e.Message, StringComparison.Ordinal));
        Assert.All(launchFailures, e => Assert.True(e.Message.Length <= 700, $"event message of {e.Message.Length} characters: {e.Message}"));
    }
}

using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Launchers;

/// <summary>The in-process launcher against real Redis and the Discord emulator.</summary>
public sealed class InProcessShardLauncherTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Launch_Cancelled_LeavesNoTask()
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Launch_Cancelled_LeavesNoTask), LauncherKind.InProcess, 1, 1);
        var launcher = cluster.CreateSharedLauncher(null);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var request = new ShardLaunchRequest(cluster.Cluster, 1, 0, 1, $"{cluster.Cluster}-1-0-0");

        var launch = await Record.ExceptionAsync(() => launcher.LaunchAsync(request, cancelled.Token));
        var tasks = await launcher.ListAsync(CancellationToken.None);

        Assert.IsAssignableFrom<OperationCanceledException>(launch);
        Assert.Empty(tasks);
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Cli.Tests.Dev;

/// <summary>The summary that <c>alyx dev</c> prints at its end, after work that changed the cluster during the run.</summary>
public sealed class DevSummaryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dev_Reshard_SummaryKeepsEarlierRestarts()
    {
        var cluster = RedisFixture.NewClusterName("summary");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var store = new RedisClusterStateStore(redis, new ClusterKeys(cluster));
        using var stop = new CancellationTokenSource();
        var run = RunAsync(
            stop.Token,
            "dev", "--shards", "2", "--max-concurrency", "2", "--identify-window-ms", "300", "--redis", TestServices.RedisEndpoint,
            "--cluster", cluster, "--duration", "300", "--output", "json");
        var first = await WaitForAsync(store, run, status => status.ShardCount == 2 && AllReady(status));

        var (restartExit, _, restartError) = await RunAsync("shards", "restart", "0", "--redis", TestServices.RedisEndpoint, "--cluster", cluster);
        await WaitForAsync(store, run, status => status.Shards[0].RestartCount == 1 && AllReady(status));
        var (scaleExit, _, scaleError) = await RunAsync(
            "shards", "scale", "--count", "3", "--strategy", "blue-green", "--redis", TestServices.RedisEndpoint, "--cluster", cluster,
            "--wait", "--timeout", "120");
        var last = await WaitForAsync(store, run, status => status.ShardCount == 3 && AllReady(status));
        await stop.CancelAsync();
        var (exitCode, output, error) = await run;

        Assert.True(restartExit == ExitCodes.Success, restartError);
        Assert.True(scaleExit == ExitCodes.Success, scaleError);
        Assert.NotEqual(first.ActiveShardSetEpoch, last.ActiveShardSetEpoch);
        Assert.All(last.Shards, shard => Assert.Equal(0, shard.RestartCount));
        Assert.True(exitCode == ExitCodes.Success, error);
        var report = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(3, (int?)report["shards"]);
        Assert.Equal(1, (int?)report["restarts"]);
    }

    private static bool AllReady(ClusterStatus status) => status.Shards.All(shard => shard.Phase == ShardPhase.Ready);

    // Polls the status the orchestrator writes; fails early with the run's error output when the run ends first.
    private static async Task<ClusterStatus> WaitForAsync(
        RedisClusterStateStore store, Task<(int ExitCode, string Output, string Error)> run, Func<ClusterStatus, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (run.IsCompleted)
            {
                var (exitCode, _, error) = await run;
                Assert.Fail($"alyx dev ended early with exit code {exitCode}: {error}");
            }

            if (await store.ReadStatusAsync(CancellationToken.None) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"The cluster did not reach the expected status within {Patience.TotalSeconds} s.");
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    // The token stops the run as Ctrl+C does.
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AlyxRootCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, stop);
        return (exitCode, output.ToString(), error.ToString());
    }
}

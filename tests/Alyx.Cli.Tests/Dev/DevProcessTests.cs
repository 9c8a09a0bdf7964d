using System.Globalization;
using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Cli.Dev;
using Alyx.Cli.Tests.Support;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Cli.Tests.Dev;

/// <summary><c>alyx dev</c> as a real child process: signals, exit codes, the environment and the shard processes it starts.</summary>
public sealed class DevProcessTests
{
    [Fact]
    public async Task Dev_InProcessWithoutRedis_RunsOnInMemoryCoordination()
    {
        // With redis-server off the child's PATH, a run that tried to start one would fail with RedisUnavailable. Only
        // the child's PATH changes, since tests of other classes run in parallel and start programs from PATH.
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var withoutRedis = string.Join(Path.PathSeparator, path.Split(Path.PathSeparator)
            .Where(folder => folder.Length > 0 && !File.Exists(Path.Combine(folder, "redis-server"))));
        await using var alyx = AlyxProcess.Start(
            new Dictionary<string, string> { ["PATH"] = withoutRedis },
            "dev", "--shards", "4", "--max-concurrency", "2", "--identify-window-ms", "1000", "--launcher", "in-process", "--duration", "12", "--output", "json");

        var exitCode = await alyx.WaitForExitAsync();

        var report = JsonNode.Parse(alyx.Output)!.AsObject();
        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Equal(4, (int?)report["shards"]);
        Assert.Equal(4, (int?)report["ready"]);
        Assert.Equal(0, (int?)report["duplicateSessionOverlaps"]);
        Assert.Equal(0, (int?)report["identifyViolations"]);
    }

    [Fact]
    public async Task Dev_DiscordApi_RunsAgainstEmulator()
    {
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 2, MaxConcurrency = 2, Guilds = 10, Token = "separate-emulator-token", HeartbeatInterval = TimeSpan.FromSeconds(5), RestRateLimit = 1000,
        });
        await using var alyx = AlyxProcess.Start(
            new Dictionary<string, string> { ["DISCORD_TOKEN"] = "separate-emulator-token" },
            "dev", "--discord-api", emulator.RestUri.ToString(), "--shards", "2", "--duration", "60");
        await alyx.WaitForLineAsync(line => line.Contains("ready 2/2", StringComparison.Ordinal));

        await alyx.SignalAsync("INT");
        var exitCode = await alyx.WaitForExitAsync();

        var stats = emulator.GetStats();
        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Contains("ready 2", alyx.Output, StringComparison.Ordinal);
        Assert.Equal(2, stats.Identifies.Count);
        Assert.Equal(0, stats.IdentifyViolations);
    }

    [Fact]
    public async Task Dev_DiscordApiNoToken_Fails()
    {
        var error = new StringWriter();
        var handler = new DevCommandHandler(new StringWriter(), error, NullLoggerFactory.Instance, _ => null);

        var exitCode = await handler.RunAsync(
            new DevSettings("default", "1", 1, 10, "in-process", null, 1000, null, 1, Json: true, new Uri("http://127.0.0.1:9/api/v10/")), CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("DISCORD_TOKEN", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Dev_CtrlC_PrintsSummaryStopsChildren(string format)
    {
        var cluster = RedisFixture.NewClusterName("ctrlc");
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        await using var alyx = AlyxProcess.Start(
            null,
            "dev", "--launcher", "process", "--redis", TestServices.RedisEndpoint, "--cluster", cluster, "--shards", "2", "--max-concurrency", "2",
            "--identify-window-ms", "1000", "--output", format);
        await WaitForReadyAsync(redis, cluster, 2);
        var processIds = new TaskRecordDirectory(OrchestratorHost.TaskRecordsPath(redis, cluster)).ReadAll()
            .Select(task => task.ProcessId!.Value).ToList();

        await alyx.SignalAsync("INT");
        var exitCode = await alyx.WaitForExitAsync();

        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Equal(2, processIds.Count);
        Assert.All(processIds, processId => Assert.False(IsRunning(processId), $"shard process {processId} outlived alyx dev"));
        if (format == "json")
        {
            var report = JsonNode.Parse(alyx.Output)!.AsObject();
            Assert.Equal("interrupt", (string?)report["stoppedBy"]);
            Assert.Equal(2, (int?)report["shards"]);
        }
        else
        {
            Assert.Contains("stoppedBy \"interrupt\"", alyx.Output, StringComparison.Ordinal);
            Assert.Contains($"cluster {cluster}", alyx.Output, StringComparison.Ordinal);
        }
    }

    // A terminal's Ctrl+C reaches every process of the foreground group: alyx dev, its shard processes and, unless it
    // runs in a session of its own, its private redis-server.
    [Fact]
    public async Task Dev_TerminalCtrlC_PrintsSummaryLeavesNothing()
    {
        await using var alyx = AlyxProcess.Start(
            null, ownProcessGroup: true, "dev", "--launcher", "process", "--shards", "2", "--max-concurrency", "2", "--identify-window-ms", "1000");
        var redisLine = await alyx.WaitForLineAsync(line => line.StartsWith("redis 127.0.0.1:", StringComparison.Ordinal));
        var redisPort = int.Parse(redisLine.Split(' ')[1].Split(':')[1], CultureInfo.InvariantCulture);
        await alyx.WaitForLineAsync(line => line.Contains("ready 2/2", StringComparison.Ordinal));
        var running = AlyxProcess.ProcessGroupMembers(alyx.Id);

        await alyx.SignalGroupAsync("INT");
        var exitCode = await alyx.WaitForExitAsync();

        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.True(running.Count >= 3, $"expected alyx dev and two shard processes in its group, found {running.Count}");
        Assert.Contains("stoppedBy \"interrupt\"  shards 2  ready 2", alyx.Output, StringComparison.Ordinal);
        Assert.Empty(AlyxProcess.ProcessGroupMembers(alyx.Id));
        Assert.False(await AcceptsConnectionsAsync(redisPort), $"the private redis-server on port {redisPort} outlived alyx dev");
    }

    [Fact]
    public async Task Dev_RedisUrlWithPassword_HostsAuthenticate()
    {
        const string password = "s3cret-for-alice";
        await using var server = await PrivateRedisServer.StartAsync("--requirepass", "s3cret-admin");
        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},password=s3cret-admin"))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "alice", "on", ">" + password, "~*", "&*", "+@all");
        }

        await using var alyx = AlyxProcess.Start(
            null,
            "dev", "--launcher", "process", "--redis", $"redis://alice:{password}@{server.Endpoint}", "--shards", "2", "--max-concurrency", "2",
            "--identify-window-ms", "1000", "--duration", "60", "--verbose");
        await alyx.WaitForLineAsync(line => line.Contains("ready 2/2", StringComparison.Ordinal));

        await alyx.SignalAsync("INT");
        var exitCode = await alyx.WaitForExitAsync();

        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Contains("stoppedBy \"interrupt\"  shards 2  ready 2", alyx.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, alyx.Output + alyx.Error, StringComparison.Ordinal);
    }

    private static async Task WaitForReadyAsync(StackExchange.Redis.IConnectionMultiplexer redis, string cluster, int count)
    {
        var store = new RedisClusterStateStore(redis, new ClusterKeys(cluster));
        using var timeout = new CancellationTokenSource(AlyxProcess.Timeout);
        await using var watch = await store.WatchAsync(timeout.Token);
        while (true)
        {
            var status = await store.ReadStatusAsync(timeout.Token);
            if (status is not null && status.ShardCount == count && status.Shards.All(shard => shard.Phase == ShardPhase.Ready))
            {
                return;
            }

            await watch.ReadAsync(timeout.Token);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
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

public sealed class DevCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AlyxRootCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--shards", "-1")]
    [InlineData("--shards", "many")]
    [InlineData("--shards", "99999")]
    [InlineData("--guilds", "2147483647")]
    [InlineData("--max-concurrency", "2147483647")]
    [InlineData("--max-concurrency", "0")]
    [InlineData("--identify-window-ms", "0")]
    [InlineData("--duration", "-5")]
    public async Task Dev_BadOption_FailsWithOneLine(string option, string value)
    {
        var (exitCode, _, error) = await RunAsync("dev", option, value);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    // The 1 s window gives the hosts a 250 ms margin from grant to IDENTIFY. With a 300 ms window (a 100 ms margin) a
    // loaded machine showed identify violations.
    [Fact]
    public async Task Dev_ShortRun_ReportsAllShardsReadyWithoutViolations()
    {
        var (exitCode, output, error) = await RunAsync(
            "dev", "--shards", "4", "--max-concurrency", "2", "--identify-window-ms", "1000", "--redis", TestServices.RedisEndpoint,
            "--cluster", RedisFixture.NewClusterName("dev"), "--duration", "20", "--output", "json");

        Assert.True(exitCode == ExitCodes.Success, error);
        var report = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(4, (int?)report["shards"]);
        Assert.Equal(4, (int?)report["ready"]);
        Assert.NotNull(report["bootSeconds"]);
        Assert.Equal(1.0, (double?)report["identifyLimitSeconds"]);
        Assert.Equal(0, (int?)report["duplicateSessionOverlaps"]);
        Assert.Equal(0, (int?)report["identifyViolations"]);
    }

    [Fact]
    public async Task Dev_InProcessWithoutRedis_RunsOnInMemoryCoordination()
    {
        // With redis-server off PATH, a run that tried to start one would fail with RedisUnavailable.
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var withoutRedis = string.Join(Path.PathSeparator, path.Split(Path.PathSeparator)
            .Where(folder => folder.Length > 0 && !File.Exists(Path.Combine(folder, "redis-server"))));
        Environment.SetEnvironmentVariable("PATH", withoutRedis);
        (int ExitCode, string Output, string Error) run;
        try
        {
            run = await RunAsync(
                "dev", "--shards", "4", "--max-concurrency", "2", "--identify-window-ms", "1000", "--launcher", "in-process",
                "--duration", "12", "--output", "json");
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var report = JsonNode.Parse(run.Output)!.AsObject();
        Assert.Equal(4, (int?)report["shards"]);
        Assert.Equal(4, (int?)report["ready"]);
        Assert.Equal(0, (int?)report["duplicateSessionOverlaps"]);
        Assert.Equal(0, (int?)report["identifyViolations"]);
    }

    [Theory]
    [InlineData("in-process")]
    [InlineData("process")]
    public async Task Dev_PingMessage_SamplePluginReplies(string launcher)
    {
        var port = FreePort();
        var guildId = GuildIdGenerator.Generate(10, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), 1)[0];
        var emulator = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = emulator, Timeout = TimeSpan.FromSeconds(5) };
        var run = RunAsync(
            "dev", "--shards", "2", "--max-concurrency", "2", "--identify-window-ms", "300", "--guilds", "10", "--launcher", launcher,
            "--redis", TestServices.RedisEndpoint, "--cluster", RedisFixture.NewClusterName("ping"),
            "--emulator-port", port.ToString(CultureInfo.InvariantCulture), "--duration", "25", "--output", "json");

        // Hosts start plugins once Ready, so the message is sent again until a reply is recorded.
        var replied = false;
        for (var messageId = 1; !replied && !run.IsCompleted && messageId < 400; messageId++)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(250)));
            var message = $$"""
                {"id":"{{messageId}}","channel_id":"{{guildId + 1}}","guild_id":"{{guildId}}","author":{"id":"42","username":"tester"},"content":"!ping"}
                """;
            try
            {
                using var content = new StringContent(message, Encoding.UTF8, "application/json");
                (await http.PostAsync($"_emulator/guilds/{guildId}/dispatch/MESSAGE_CREATE", content)).Dispose();
                replied = (await http.GetStringAsync("_emulator/requests")).Contains("pong from shard", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                // The emulator is not listening yet.
            }
        }

        var (exitCode, _, error) = await run;

        Assert.True(replied, error);
        Assert.Equal(ExitCodes.Success, exitCode);
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
            "dev", "--discord-api", emulator.RestUri.ToString(), "--shards", "2", "--duration", "15", "--output", "json");

        var exitCode = await alyx.WaitForExitAsync();

        var report = JsonNode.Parse(alyx.Output)!.AsObject();
        var stats = emulator.GetStats();
        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Equal(2, (int?)report["ready"]);
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
            "--identify-window-ms", "1000", "--duration", "20", "--output", "json", "--verbose");

        var exitCode = await alyx.WaitForExitAsync();

        var report = JsonNode.Parse(alyx.Output)!.AsObject();
        Assert.True(exitCode == ExitCodes.Success, alyx.Error);
        Assert.Equal(2, (int?)report["ready"]);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

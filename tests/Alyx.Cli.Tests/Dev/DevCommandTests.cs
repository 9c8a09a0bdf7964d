using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Cli.Tests.Dev;

public sealed class DevCommandTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    // The token stops the run as Ctrl+C does.
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AlyxRootCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, stop);
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

    [Fact]
    public async Task Dev_EmulatorPortInUse_FailsWithOneLine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exitCode, _, error) = await RunAsync("dev", "--shards", "1", "--emulator-port", port, "--duration", "5");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--emulator-port {port}: 127.0.0.1:{port} is already in use", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://x:y@", ExitCodes.InvalidInput)]
    [InlineData("127.0.0.1:1", ExitCodes.RedisUnavailable)]
    public async Task Dev_BadRedis_PrintsOnlyTheError(string redis, int expectedExitCode)
    {
        var (exitCode, output, error) = await RunAsync("dev", "--redis", redis, "--shards", "1", "--duration", "5");

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // The 1 s window gives the hosts a 250 ms margin from grant to IDENTIFY. With a 300 ms window (a 100 ms margin) a
    // loaded machine showed identify violations.
    [Fact]
    public async Task Dev_ClusterWithLeader_FailsWithConflict()
    {
        var cluster = RedisFixture.NewClusterName("dev");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var leases = new RedisLeaseStore(connection, new ClusterKeys(cluster), TimeSpan.Zero);
        var leaderLease = await leases.TryAcquireAsync(LeaseNames.Leader, "other-orchestrator", TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(leaderLease.Acquired, "the test could not take the leader lease");

        var (exitCode, output, error) = await RunAsync("dev", "--redis", TestServices.RedisEndpoint, "--cluster", cluster, "--duration", "5");

        Assert.Equal(ExitCodes.Conflict, exitCode);
        Assert.Contains("already has an orchestrator", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

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

    [Theory]
    [InlineData("in-process")]
    [InlineData("process")]
    public async Task Dev_PingMessage_SamplePluginReplies(string launcher)
    {
        var port = FreePort();
        var guildId = GuildIdGenerator.Generate(10, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), 1)[0];
        var emulator = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = emulator, Timeout = TimeSpan.FromSeconds(5) };
        using var stop = new CancellationTokenSource();
        var run = RunAsync(
            stop.Token,
            "dev", "--shards", "2", "--max-concurrency", "2", "--identify-window-ms", "300", "--guilds", "10", "--launcher", launcher,
            "--redis", TestServices.RedisEndpoint, "--cluster", RedisFixture.NewClusterName("ping"),
            "--emulator-port", port.ToString(CultureInfo.InvariantCulture), "--duration", "60", "--output", "json");

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

        await stop.CancelAsync();
        var (exitCode, _, error) = await run;

        Assert.True(replied, error);
        Assert.Equal(ExitCodes.Success, exitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

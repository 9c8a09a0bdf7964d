using System.CommandLine;
using System.Text.Json;
using Alyx.Cli.Common;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Cli.Tests.Shards;

/// <summary><c>alyx shards scale --strategy blue-green --wait</c> against a real orchestrator, Redis and the Discord emulator.</summary>
public sealed class BlueGreenScaleCommandTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task ScaleBlueGreen_FourToSix_ConvergesAndExitsZero()
    {
        await using var cluster = await TestCluster.StartAsync(redis, nameof(ScaleBlueGreen_FourToSix_ConvergesAndExitsZero), TimeSpan.FromMinutes(1));
        var (rollingExit, _, rollingError) = await RunAsync("shards", "scale", "--cluster", cluster.Name, "--redis", redis.Configuration, "--count", "4", "--create", "--wait", "--timeout", "90");

        var (exitCode, output, error) = await RunAsync(
            "shards", "scale", "--cluster", cluster.Name, "--redis", redis.Configuration, "--count", "6", "--strategy", "blue-green", "--wait", "--timeout", "90");
        var (_, statusJson, statusError) = await RunAsync("shards", "status", "--cluster", cluster.Name, "--redis", redis.Configuration, "--output", "json");

        Assert.True(statusJson.Length > 0, $"status: {statusError}; scale: {error}; rolling: {rollingError}");
        using var status = JsonDocument.Parse(statusJson);
        Assert.True(rollingExit == ExitCodes.Success, rollingError);
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("converged: 6 shards Ready", output, StringComparison.Ordinal);
        Assert.Equal(6, status.RootElement.GetProperty("shards").GetArrayLength());
        Assert.Equal(2, status.RootElement.GetProperty("activeShardSet").GetInt64());
        Assert.Equal(0, cluster.Emulator.GetStats().IdentifyViolations);
    }

    [Fact]
    public async Task ScaleBlueGreen_NewSetMissesDeadline_ExitsRolledBack()
    {
        await using var cluster = await TestCluster.StartAsync(redis, nameof(ScaleBlueGreen_NewSetMissesDeadline_ExitsRolledBack), TimeSpan.FromMilliseconds(1));
        await RunAsync("shards", "scale", "--cluster", cluster.Name, "--redis", redis.Configuration, "--count", "2", "--create", "--wait", "--timeout", "90");

        var (exitCode, _, error) = await RunAsync(
            "shards", "scale", "--cluster", cluster.Name, "--redis", redis.Configuration, "--count", "3", "--strategy", "blue-green", "--wait", "--timeout", "90");
        var (_, statusJson, _) = await RunAsync("shards", "status", "--cluster", cluster.Name, "--redis", redis.Configuration, "--output", "json");

        using var status = JsonDocument.Parse(statusJson);
        var pending = status.RootElement.GetProperty("pendingShardSet");
        Assert.Equal(ExitCodes.ReshardRolledBack, exitCode);
        Assert.Contains("rolled back", error, StringComparison.Ordinal);
        Assert.Equal(2, status.RootElement.GetProperty("shards").GetArrayLength());
        Assert.True(pending.GetProperty("rolledBack").GetBoolean());
        Assert.Equal(3, pending.GetProperty("shardCount").GetInt32());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AlyxRootCommand.Create().Parse(arguments).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private sealed class TestCluster : IAsyncDisposable
    {
        private readonly OrchestratorHost _host;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private TestCluster(string name, DiscordEmulator emulator, OrchestratorHost host)
        {
            Name = name;
            Emulator = emulator;
            _host = host;

            // The runner passes only while it holds the leader lease, which `scale --wait` checks for.
            host.Runner.PassCompleted += (_, _) => _leading.TrySetResult();
            _run = Task.Run(() => host.Runner.RunAsync(_stop.Token));
        }

        public string Name { get; }

        public DiscordEmulator Emulator { get; }

        public static async Task<TestCluster> StartAsync(RedisFixture redis, string test, TimeSpan readyTimeout)
        {
            var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
            {
                Shards = 4,
                MaxConcurrency = 2,
                Guilds = 40,
                IdentifyWindow = TimeSpan.FromMilliseconds(300),
                HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
                HeartbeatGrace = TimeSpan.FromMilliseconds(500),
                RestRateLimit = 1000,
            });
            var name = RedisFixture.NewClusterName(test);
            var settings = new ShardHostSettings
            {
                Token = emulator.Options.Token,
                RestUrl = emulator.RestUri,
                Redis = redis.Configuration,
                LeaseTimeToLive = TimeSpan.FromSeconds(3),
                LeaseRenewInterval = TimeSpan.FromMilliseconds(600),
                LeaseSafetyMargin = TimeSpan.FromMilliseconds(1000),

                // The gate spaces grants on Redis's clock; twice the emulator's window absorbs a slow IDENTIFY.
                IdentifyWindow = TimeSpan.FromMilliseconds(600),
                StatusInterval = TimeSpan.FromMilliseconds(300),
                DrainTimeout = TimeSpan.FromSeconds(2),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            };
            var options = new OrchestratorOptions
            {
                Cluster = name,
                ResyncInterval = TimeSpan.FromSeconds(2),
                ProgressInterval = TimeSpan.FromMilliseconds(200),
                RestartBackoffBase = TimeSpan.FromMilliseconds(200),
                RestartBackoffMax = TimeSpan.FromSeconds(2),
                HeartbeatTimeout = TimeSpan.FromSeconds(2),
                IdentifyWindow = TimeSpan.FromMilliseconds(600),
                SessionStartReserve = 0,
                BlueGreenReadyTimeout = readyTimeout,
                RetireDelay = TimeSpan.FromSeconds(1),
            };
            var host = OrchestratorHost.Create(redis.Connection, options, settings, LauncherKind.InProcess, "orchestrator-a", TimeProvider.System, NullLoggerFactory.Instance);
            var cluster = new TestCluster(name, emulator, host);
            await cluster._leading.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return cluster;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            await _host.DisposeAsync();
            await Emulator.DisposeAsync();
            _stop.Dispose();
        }
    }
}

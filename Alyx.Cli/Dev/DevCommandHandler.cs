using System.Diagnostics;
using System.Text.Json.Nodes;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Sharding;
using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Identify;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using Alyx.Shard.Coordination;
using Alyx.Testing.Emulator;
using Alyx.Samples.GuildStats;
using Alyx.Samples.Ping;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Alyx.Cli.Dev;

/// <summary>
/// Runs <c>alyx dev</c>: the Discord emulator, in-memory coordination (or Redis), the orchestrator and its shard hosts with the sample plugins, with a
/// live status table on a terminal (a line per change otherwise), until --duration ends or Ctrl+C; then a summary (or one JSON object).
/// </summary>
public sealed class DevCommandHandler(TextWriter output, TextWriter error, ILoggerFactory loggerFactory)
{
    /// <summary>Runs; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(DevSettings settings, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx dev", error, async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var (count, launcherKind) = Validate(settings);
            ClusterName.Keys(settings.Cluster);
            var token = BotToken(settings);
            var window = TimeSpan.FromMilliseconds(settings.IdentifyWindowMs);
            await using var emulator = settings.DiscordApi is null
                ? await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
                {
                    Shards = count.FixedCount is > 0 and var fixedCount ? fixedCount : Math.Max(1, (settings.Guilds + 999) / 1000),
                    MaxConcurrency = settings.MaxConcurrency,
                    Guilds = settings.Guilds,
                    IdentifyWindow = window,
                    Token = token,
                    HeartbeatInterval = TimeSpan.FromSeconds(5),
                    RestRateLimit = 1000,
                    Port = settings.EmulatorPort,
                }, cancellationToken: cancellationToken)
                : null;
            if (emulator is not null && !settings.Json)
            {
                await output.WriteLineAsync($"emulator {emulator.BaseUri} (faults: POST {emulator.BaseUri}_emulator/guilds/{emulator.GuildIds[0]}/dispatch/MESSAGE_CREATE)");
            }

            var inMemory = settings.Redis is null && launcherKind == LauncherKind.InProcess;
            var restUrl = emulator?.RestUri ?? settings.DiscordApi!;
            await using var privateRedis = settings.Redis is null && !inMemory ? await LocalRedisServer.StartAsync(cancellationToken) : null;
            IClusterStateStore store;
            OrchestratorHost host;
            await using var connection = inMemory ? null : await ConnectAsync(settings.Redis ?? privateRedis!.Endpoint);
            if (connection is null)
            {
                // One process shares memory: the orchestrator and its in-process hosts need no Redis.
                var hostSettings = HostSettings(token, restUrl, "in-memory", window, emulated: emulator is not null);
                // An emulator started here has seen no IDENTIFY before, so the gate need not hold its first budget.
                var gateOptions = new IdentifyGateOptions { Window = hostSettings.IdentifyWindow, Margin = hostSettings.IdentifyMargin, HoldFirstBudget = emulator is null };
                var coordination = new InMemoryShardCoordinationProvider(gateOptions, TimeProvider.System, loggerFactory);
                store = coordination.State;
                host = OrchestratorHost.CreateInMemory(coordination, Options(settings, hostSettings.IdentifyWindow + hostSettings.IdentifyMargin), hostSettings, $"dev-{Environment.ProcessId}", TimeProvider.System, loggerFactory, AddSamplePlugins);
            }
            else
            {
                var hostSettings = HostSettings(token, restUrl, RedisAddress.Endpoints(RedisAddress.Parse(settings.Redis ?? privateRedis!.Endpoint)), window, emulated: emulator is not null);
                store = new RedisClusterStateStore(connection, ClusterName.Keys(settings.Cluster));
                host = OrchestratorHost.Create(connection, Options(settings, hostSettings.IdentifyWindow + hostSettings.IdentifyMargin), hostSettings, launcherKind, $"dev-{Environment.ProcessId}", TimeProvider.System, loggerFactory, AddSamplePlugins);
            }

            await store.WriteSpecAsync(new ClusterSpec(count.FixedCount, null, ReshardStrategy.Rolling, null), null, cancellationToken);
            var report = await RunClusterAsync(settings, host, store, cancellationToken);
            var reportedAt = DateTimeOffset.UtcNow;
            await host.DisposeAsync();

            var stats = emulator?.GetStats();
            var concurrency = settings.MaxConcurrency;
            var shards = report.Status?.ShardCount ?? 0;
            var limit = Math.Max(0, ShardMath.IdentifyWindowsToBoot(shards, concurrency) - 1) * window.TotalSeconds;
            var json = new JsonObject
            {
                ["shards"] = shards,
                ["ready"] = report.Status?.Shards.Count(shard => shard.Phase == ShardPhase.Ready) ?? 0,
                ["bootSeconds"] = report.BootSeconds is { } boot ? Math.Round(boot, 2) : null,
                ["identifyLimitSeconds"] = Math.Round(limit, 2),
                ["identifies"] = stats?.Identifies.Count,
                ["resumes"] = stats?.Resumes,
                ["restarts"] = report.Status?.Shards.Sum(shard => shard.RestartCount) ?? 0,
                ["duplicateSessionOverlaps"] = stats?.DuplicateSessionOverlaps.Count,
                ["identifyViolations"] = stats?.IdentifyViolations,
            };
            if (settings.Json)
            {
                await output.WriteLineAsync(StatusJson.Write(json));
            }
            else
            {
                await output.WriteAsync(StatusTable.Render(settings.Cluster, await store.ReadSpecAsync(CancellationToken.None), report.Status, reportedAt));
                await output.WriteLineAsync(string.Join("  ", json.Select(pair => $"{pair.Key} {pair.Value?.ToJsonString() ?? "null"}")));
            }

            return ExitCodes.Success;
        });

    // NOTE: only in-process hosts get the sample plugins, because shard processes load plugins from ALYX_PLUGINS_PATH.
    private static void AddSamplePlugins(HostApplicationBuilder builder)
    {
        builder.Services.AddAlyxPlugin<PingPlugin>(builder.Configuration);
        builder.Services.AddAlyxPlugin<GuildStatsPlugin>(builder.Configuration);
    }

    private static (ShardCountSpec Count, LauncherKind Launcher) Validate(DevSettings settings)
    {
        ShardCountSpec count;
        try
        {
            count = ShardCountSpec.Parse(settings.Shards);
        }
        catch (FormatException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "--shards: " + exception.Message, exception);
        }

        // The emulator keeps state per shard, bucket and guild, so its limits bound what alyx dev can emulate.
        Require(
            count.FixedCount is not > DiscordEmulatorOptions.MaxShards,
            $"--shards {settings.Shards} is invalid here: the emulator runs at most {DiscordEmulatorOptions.MaxShards} shards.");
        Require(
            settings.MaxConcurrency is >= 1 and <= DiscordEmulatorOptions.MaxMaxConcurrency,
            $"--max-concurrency {settings.MaxConcurrency} is invalid: use a whole number from 1 to {DiscordEmulatorOptions.MaxMaxConcurrency}.");
        Require(
            settings.Guilds is >= 1 and <= DiscordEmulatorOptions.MaxGuilds,
            $"--guilds {settings.Guilds} is invalid: use a whole number from 1 to {DiscordEmulatorOptions.MaxGuilds}.");
        Require(settings.IdentifyWindowMs >= 1, $"--identify-window-ms {settings.IdentifyWindowMs} is invalid: use a whole number of milliseconds from 1.");
        Require(settings.EmulatorPort is >= 0 and <= 65535, $"--emulator-port {settings.EmulatorPort} is invalid: use 0 for a free port or a port from 1 to 65535.");
        Require(settings.DurationSeconds >= 0, $"--duration {settings.DurationSeconds} is invalid: use seconds from 0 (0 runs until Ctrl+C).");
        var launcher = settings.Launcher == "process" ? LauncherKind.Process : LauncherKind.InProcess;
        return (count, launcher);
    }

    private static void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw new CliException(ExitCodes.InvalidInput, message);
        }
    }

    private static string BotToken(DevSettings settings)
    {
        if (settings.DiscordApi is null)
        {
            return settings.Token ?? "dev-" + Guid.NewGuid().ToString("N");
        }

        return Environment.GetEnvironmentVariable("DISCORD_TOKEN") is { Length: > 0 } token
            ? token
            : throw new CliException(ExitCodes.InvalidInput, "--discord-api needs the bot token in the DISCORD_TOKEN environment variable.");
    }

    private static async Task<StackExchange.Redis.IConnectionMultiplexer> ConnectAsync(string redisAddress)
    {
        var redisOptions = RedisAddress.Parse(redisAddress);
        if (redisOptions.Password is not null || redisOptions.Ssl)
        {
            // NOTE: shard hosts read only host:port from ALYX_REDIS, so they could not authenticate.
            throw new CliException(ExitCodes.InvalidInput, "--redis with a password or TLS is not supported by alyx dev yet: shard hosts receive only host:port.");
        }

        return await CommandRunner.ConnectAsync(redisAddress);
    }

    private static ShardHostSettings HostSettings(string token, Uri restUrl, string redisEndpoints, TimeSpan window, bool emulated) => new()
    {
        Token = token,
        RestUrl = restUrl,
        RedisEndpoints = redisEndpoints,

        // The gate's margin bounds how late after its slot a host sends IDENTIFY and covers the emulator's arrival
        // jitter. With 50 ms, 5 of 6 boot benchmark runs on a loaded 2-core machine had no identify violation. The
        // other one came from the emulator stamping an arrival late, as docs/benchmarks.md describes.
        IdentifyWindow = window,
        IdentifyMargin = TimeSpan.FromMilliseconds(50),

        // The emulator drops a silent connection's session after its 5 s heartbeat interval plus 5 s grace. Discord
        // takes longer, so runs against Discord keep the estimate for Discord.
        SilentSessionTimeout = emulated ? TimeSpan.FromSeconds(10) : new ShardHostSettings().SilentSessionTimeout,
        LeaseTimeToLive = TimeSpan.FromSeconds(3),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(800),
        LeaseSafetyMargin = TimeSpan.FromSeconds(1),
        StatusInterval = TimeSpan.FromMilliseconds(500),
        DrainTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    private static OrchestratorOptions Options(DevSettings settings, TimeSpan hostWindow) => new()
    {
        Cluster = settings.Cluster,
        ResyncInterval = TimeSpan.FromSeconds(5),
        ProgressInterval = TimeSpan.FromMilliseconds(250),
        RestartBackoffBase = TimeSpan.FromMilliseconds(500),
        RestartBackoffMax = TimeSpan.FromSeconds(10),
        HeartbeatTimeout = TimeSpan.FromSeconds(3),
        IdentifyWindow = hostWindow,
    };

    private async Task<(ClusterStatus? Status, double? BootSeconds)> RunClusterAsync(
        DevSettings settings, OrchestratorHost host, IClusterStateStore store, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.DurationSeconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(settings.DurationSeconds));
        }

        var clock = Stopwatch.StartNew();
        var run = host.Runner.RunAsync(stop.Token);
        double? boot = null;
        ClusterStatus? status = null;
        var lastLine = "";

        // The live table needs a terminal; pipes, tests and --output json get plain lines, which stay parseable.
        if (!settings.Json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(LiveStatusTable.Build(settings.Cluster, null, TimeSpan.Zero, DateTimeOffset.UtcNow))
                .AutoClear(true)
                .StartAsync(async context => await PollAsync(() =>
                {
                    context.UpdateTarget(LiveStatusTable.Build(settings.Cluster, status, clock.Elapsed, DateTimeOffset.UtcNow));
                    context.Refresh();
                    return Task.CompletedTask;
                }));
        }
        else
        {
            await PollAsync(async () =>
            {
                var ready = status!.Shards.Count(shard => shard.Phase == ShardPhase.Ready);
                var line = $"{clock.Elapsed.TotalSeconds,6:0.0} s  set {status.ActiveShardSetEpoch}  ready {ready}/{status.ShardCount}  "
                    + string.Join(" ", status.Shards.Select(shard => Abbreviation(shard.Phase)));
                if (!settings.Json && line[9..] != (lastLine.Length > 9 ? lastLine[9..] : ""))
                {
                    await output.WriteLineAsync(line);
                    lastLine = line;
                }
            });
        }

        async Task PollAsync(Func<Task> show)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                status = await store.ReadStatusAsync(CancellationToken.None) ?? status;
                if (status is null)
                {
                    continue;
                }

                if (boot is null && status.ShardCount > 0 && status.Shards.Count(shard => shard.Phase == ShardPhase.Ready) == status.ShardCount)
                {
                    boot = clock.Elapsed.TotalSeconds;
                }

                await show();
            }
        }

        await run;
        status = await store.ReadStatusAsync(CancellationToken.None) ?? status;
        return (status, boot);
    }

    private static string Abbreviation(ShardPhase phase) => phase switch
    {
        ShardPhase.Ready => "R",
        ShardPhase.Identifying => "I",
        ShardPhase.Connecting => "C",
        ShardPhase.Resuming => "r",
        ShardPhase.Launching => "L",
        ShardPhase.Pending => ".",
        ShardPhase.Stopping => "S",
        ShardPhase.CrashLoop => "X",
        _ => "F",
    };
}

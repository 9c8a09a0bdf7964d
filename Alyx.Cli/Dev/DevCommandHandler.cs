using System.Text.Json.Nodes;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Sharding;
using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Identify;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Spec;
using Alyx.Samples.GuildStats;
using Alyx.Samples.Ping;
using Alyx.Shard.Coordination;
using Alyx.Testing.Emulator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Cli.Dev;

/// <summary>
/// Runs <c>alyx dev</c>: the Discord emulator, in-memory coordination (or Redis), the orchestrator and its shard hosts with the sample plugins, with a
/// live status table on a terminal (a line per change otherwise), until --duration ends or Ctrl+C; then a summary (or one JSON object).
/// </summary>
/// <param name="output">Where the status lines and the summary go.</param>
/// <param name="error">Where error lines go.</param>
/// <param name="loggerFactory">The logger factory of the orchestrator and in-process hosts.</param>
/// <param name="getVariable">Reads an environment variable, such as <c>DISCORD_TOKEN</c>; null reads the process environment.</param>
public sealed class DevCommandHandler(TextWriter output, TextWriter error, ILoggerFactory loggerFactory, Func<string, string?>? getVariable = null)
{
    /// <summary>Environment variable with the bot token that --discord-api needs.</summary>
    public const string TokenVariable = "DISCORD_TOKEN";

    // Discord's identify window. Against --discord-api the hosts keep it, since that server's window is unknown.
    private static readonly TimeSpan DiscordIdentifyWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs; returns one of <see cref="ExitCodes"/>. Ctrl+C through <paramref name="cancellationToken"/> after the
    /// start is a normal end: the shard hosts stop, the summary is printed and the exit code is <see cref="ExitCodes.Success"/>.
    /// </summary>
    public Task<int> RunAsync(DevSettings settings, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx dev", error, async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var (count, launcherKind) = DevSettingsValidation.Validate(settings);
            ClusterName.Keys(settings.Cluster);
            var token = BotToken(settings);
            var window = settings.DiscordApi is null ? TimeSpan.FromMilliseconds(settings.IdentifyWindowMs) : DiscordIdentifyWindow;

            // A given --redis is checked and connected before anything starts, so that its error is the only output.
            await using var userConnection = settings.Redis is null ? null : await CommandRunner.ConnectAsync(settings.Redis);
            if (userConnection is not null && await LeaderLease.IsHeldAsync(userConnection, ClusterName.Keys(settings.Cluster), cancellationToken))
            {
                // Another orchestrator of this cluster would reshard to this run's spec, stopping shards it runs.
                throw new CliException(ExitCodes.Conflict,
                    $"Cluster {settings.Cluster} in this Redis already has an orchestrator (its leader lease is held); alyx dev would rewrite its spec. Stop that orchestrator or pass another --cluster.");
            }

            var emulatorShards = count.FixedCount is > 0 and var fixedCount ? fixedCount : Math.Max(1, (settings.Guilds + 999) / 1000);
            await using var emulator = settings.DiscordApi is null
                ? await StartEmulatorAsync(new DiscordEmulatorOptions
                {
                    Shards = emulatorShards,

                    // Discord's usual budget of 1000 session starts stops a dev cluster at about 990 shards, because the
                    // orchestrator keeps 10 in reserve. Ten starts per shard leave room for relaunches and reshards.
                    SessionStartLimit = Math.Max(1000, 10 * emulatorShards),
                    MaxConcurrency = settings.MaxConcurrency,
                    Guilds = settings.Guilds,
                    IdentifyWindow = window,
                    Token = token,
                    HeartbeatInterval = TimeSpan.FromSeconds(5),
                    RestRateLimit = 1000,
                    Port = settings.EmulatorPort,
                }, cancellationToken)
                : null;
            if (!settings.Json)
            {
                await output.WriteLineAsync(emulator is null
                    ? $"Discord API {settings.DiscordApi}"
                    : $"emulator {emulator.BaseUri} (faults: POST {emulator.BaseUri}_emulator/guilds/{emulator.GuildIds[0]}/dispatch/MESSAGE_CREATE)");
            }

            var inMemory = settings.Redis is null && launcherKind == LauncherKind.InProcess;
            var restUrl = emulator?.RestUri ?? settings.DiscordApi!;
            await using var privateRedis = settings.Redis is null && !inMemory ? await LocalRedisServer.StartAsync(cancellationToken) : null;
            if (privateRedis is not null && !settings.Json)
            {
                await output.WriteLineAsync($"redis {privateRedis.Endpoint} (private, stops with this run; other alyx commands reach the cluster with --redis {privateRedis.Endpoint})");
            }

            using var plugins = launcherKind == LauncherKind.Process ? SamplePluginFolder.Create() : null;
            IClusterStateStore store;
            OrchestratorHost host;
            await using var privateConnection = privateRedis is null ? null : await CommandRunner.ConnectAsync(privateRedis.Endpoint);
            var connection = userConnection ?? privateConnection;
            if (connection is null)
            {
                if (!settings.Json)
                {
                    await output.WriteLineAsync("state in memory: `alyx shards`, `alyx events` and `alyx request` cannot reach this cluster; run `alyx dev --redis HOST:PORT` for that");
                }

                // One process shares memory: the orchestrator and its in-process hosts need no Redis.
                var hostSettings = DevClusterSettings.Hosts(token, restUrl, "in-memory", window, null, emulated: emulator is not null);

                // An emulator started here has seen no IDENTIFY before, so the gate need not hold its first budget.
                var gateOptions = new IdentifyGateOptions { Window = hostSettings.IdentifyWindow, Margin = hostSettings.IdentifyMargin, HoldFirstBudget = emulator is null };
                var coordination = new InMemoryShardCoordinationProvider(gateOptions, TimeProvider.System, loggerFactory);
                store = coordination.State;
                host = OrchestratorHost.CreateInMemory(
                    coordination, DevClusterSettings.Orchestrator(settings.Cluster, hostSettings.IdentifyWindow + hostSettings.IdentifyMargin), hostSettings,
                    $"dev-{Environment.ProcessId}", TimeProvider.System, loggerFactory, AddSamplePlugins);
            }
            else
            {
                // In-process hosts get the plugins in code; shard processes load them from the folder.
                var hostSettings = DevClusterSettings.Hosts(token, restUrl, settings.Redis ?? privateRedis!.Endpoint, window, plugins?.Path, emulated: emulator is not null);
                store = new RedisClusterStateStore(connection, ClusterName.Keys(settings.Cluster));
                host = OrchestratorHost.Create(
                    connection, DevClusterSettings.Orchestrator(settings.Cluster, hostSettings.IdentifyWindow + hostSettings.IdentifyMargin), hostSettings, launcherKind,
                    $"dev-{Environment.ProcessId}", TimeProvider.System, loggerFactory, AddSamplePlugins);
            }

            DevRunReport report;
            DateTimeOffset reportedAt;
            try
            {
                await store.WriteSpecAsync(new ClusterSpec(count.FixedCount, null, ReshardStrategy.Rolling, null), null, cancellationToken);
                report = await new DevStatusMonitor(output, settings).RunAsync(host, store, cancellationToken);
                reportedAt = DateTimeOffset.UtcNow;
            }
            finally
            {
                // Stops every shard host, also after an error, so no shard process outlives the command.
                await host.DisposeAsync();
            }

            await WriteSummaryAsync(settings, store, report, reportedAt, emulator?.GetStats(), window);
            return ExitCodes.Success;
        });

    // Kestrel reports a port in use as an IOException whose inner exception is an AddressInUseException.
    private static async Task<DiscordEmulator> StartEmulatorAsync(DiscordEmulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await DiscordEmulator.StartAsync(options, cancellationToken: cancellationToken);
        }
        catch (IOException exception) when (options.Port != 0)
        {
            throw new CliException(
                ExitCodes.InvalidInput,
                $"--emulator-port {options.Port}: 127.0.0.1:{options.Port} is already in use. Pass a free port, or 0 to pick one.",
                exception);
        }
    }

    private static void AddSamplePlugins(HostApplicationBuilder builder)
    {
        builder.Services.AddAlyxPlugin<PingPlugin>(builder.Configuration);
        builder.Services.AddAlyxPlugin<GuildStatsPlugin>(builder.Configuration);
    }

    private string BotToken(DevSettings settings)
    {
        if (settings.DiscordApi is null)
        {
            return settings.Token ?? "dev-" + Guid.NewGuid().ToString("N");
        }

        return (getVariable ?? Environment.GetEnvironmentVariable)(TokenVariable) is { Length: > 0 } token
            ? token
            : throw new CliException(ExitCodes.InvalidInput, $"--discord-api needs the bot token in the {TokenVariable} environment variable.");
    }

    private async Task WriteSummaryAsync(DevSettings settings, IClusterStateStore store, DevRunReport report, DateTimeOffset reportedAt, EmulatorStats? stats, TimeSpan window)
    {
        var shards = report.Status?.ShardCount ?? 0;
        var limit = Math.Max(0, ShardMath.IdentifyWindowsToBoot(shards, settings.MaxConcurrency) - 1) * window.TotalSeconds;
        var json = new JsonObject
        {
            ["stoppedBy"] = report.Interrupted ? "interrupt" : "duration",
            ["shards"] = shards,
            ["ready"] = report.Status?.Shards.Count(shard => shard.Phase == ShardPhase.Ready) ?? 0,
            ["bootSeconds"] = report.BootSeconds is { } boot ? Math.Round(boot, 2) : null,
            ["identifyLimitSeconds"] = Math.Round(limit, 2),
            ["identifies"] = stats?.Identifies.Count,
            ["resumes"] = stats?.Resumes,
            ["restarts"] = report.Restarts,
            ["duplicateSessionOverlaps"] = stats?.DuplicateSessionOverlaps.Count,
            ["identifyViolations"] = stats?.IdentifyViolations,
        };
        if (settings.Json)
        {
            await output.WriteLineAsync(StatusJson.Write(json));
            return;
        }

        await output.WriteAsync(StatusTable.Render(settings.Cluster, await store.ReadSpecAsync(CancellationToken.None), report.Status, reportedAt));
        await output.WriteLineAsync(string.Join("  ", json.Select(pair => $"{pair.Key} {pair.Value?.ToJsonString() ?? "null"}")));
    }
}

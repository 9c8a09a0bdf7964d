using System.CommandLine;
using Alyx.Cli.Common;
using Microsoft.Extensions.Logging;

namespace Alyx.Cli.Dev;

/// <summary>The definition of <c>alyx dev</c>; <see cref="DevCommandHandler"/> runs it.</summary>
public static class DevCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cluster = CommonOptions.Cluster();
        var shards = new Option<string>("--shards") { Description = "Shards to run: a whole number, or auto for the emulator's recommendation (one per 1000 guilds).", DefaultValueFactory = _ => "4" };
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Identify buckets of the emulated bot (max_concurrency).", DefaultValueFactory = _ => 2 };
        var guilds = new Option<int>("--guilds") { Description = "Guilds of the emulated bot.", DefaultValueFactory = _ => 100 };
        var launcher = new Option<string>("--launcher") { Description = "Where shard hosts run: in-process, or process (one child process per shard).", DefaultValueFactory = _ => "in-process" };
        launcher.AcceptOnlyFromAmong("in-process", "process");
        var redis = CommonOptions.Redis("A Redis to keep state in. By default in-process hosts share state in memory, and --launcher process starts a private redis-server from PATH.");
        var window = new Option<int>("--identify-window-ms") { Description = "The emulator's identify window in milliseconds (Discord's is 5000). With --discord-api the hosts keep 5000.", DefaultValueFactory = _ => 1000 };
        var token = new Option<string?>("--token") { Description = "The bot token the emulator accepts; random by default." };
        var duration = CommonOptions.Seconds(new Option<double>("--duration") { Description = "Seconds to run before stopping; 0 runs until Ctrl+C.", DefaultValueFactory = _ => 0 });
        var output = CommonOptions.Output();
        var discordApi = CommonOptions.DiscordApi(
            "Run against this Discord REST base URL (real Discord, a proxy, or an emulator started with `alyx emulator`) with the bot token in DISCORD_TOKEN, instead of a private emulator.",
            () => null);
        var emulatorPort = new Option<int>("--emulator-port") { Description = "The Discord emulator's port on 127.0.0.1, for its fault API (/_emulator/...); 0 picks a free port.", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Log the orchestrator's information messages to standard error." };
        var command = new Command("dev", "Runs the whole system on this machine: the Discord emulator, the orchestrator and its shard hosts with the sample plugins, with a live status table (plain lines when output is not a terminal).")
        {
            cluster, shards, maxConcurrency, guilds, launcher, redis, window, token, duration, output, discordApi, emulatorPort, verbose,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new DevSettings(
                parseResult.GetValue(cluster)!,
                parseResult.GetValue(shards)!,
                parseResult.GetValue(maxConcurrency),
                parseResult.GetValue(guilds),
                parseResult.GetValue(launcher)!,
                parseResult.GetValue(redis),
                parseResult.GetValue(window),
                parseResult.GetValue(token),
                parseResult.GetValue(duration),
                parseResult.GetValue(output) == "json",
                parseResult.GetValue(discordApi),
                parseResult.GetValue(emulatorPort));
            using var loggerFactory = CliLogging.Create(parseResult.GetValue(verbose));
            var handler = new DevCommandHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, loggerFactory);
            return await handler.RunAsync(settings, cancellationToken);
        });
        return command;
    }
}

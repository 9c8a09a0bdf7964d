using System.CommandLine;

namespace Alyx.Cli.Emulator;

/// <summary>The definition of <c>alyx emulator</c>: its options and help text. <see cref="EmulatorCommandHandler"/> runs it.</summary>
public static class EmulatorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1; 0 picks a free port.", DefaultValueFactory = _ => 0 };
        var shards = new Option<int>("--shards") { Description = "Shard count that GET /gateway/bot recommends.", DefaultValueFactory = _ => 1 };
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Identify rate-limit buckets (max_concurrency).", DefaultValueFactory = _ => 1 };
        var guilds = new Option<int>("--guilds") { Description = "Guilds of the emulated bot, spread over shards by Discord's formula.", DefaultValueFactory = _ => 10 };
        var identifyWindow = new Option<int>("--identify-window-ms") { Description = "One identify per bucket per this many milliseconds.", DefaultValueFactory = _ => 5000 };
        var sessionStartLimit = new Option<int>("--session-start-limit") { Description = "Session starts in the emulated daily budget.", DefaultValueFactory = _ => 1000 };
        var token = new Option<string>("--token") { Description = "The bot token clients must send.", DefaultValueFactory = _ => "emulator-token" };
        var heartbeat = new Option<int>("--heartbeat-interval-ms") { Description = "Heartbeat interval sent in HELLO, in milliseconds.", DefaultValueFactory = _ => 41_250 };
        var output = new Option<string>("--output") { Description = "text, or json for one machine-readable line.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");

        var command = new Command("emulator", "Runs the Discord REST and gateway emulator on 127.0.0.1 until Ctrl+C.")
        {
            port, shards, maxConcurrency, guilds, identifyWindow, sessionStartLimit, token, heartbeat, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new EmulatorSettings(
                parseResult.GetValue(port),
                parseResult.GetValue(shards),
                parseResult.GetValue(maxConcurrency),
                parseResult.GetValue(guilds),
                parseResult.GetValue(identifyWindow),
                parseResult.GetValue(sessionStartLimit),
                parseResult.GetValue(token) ?? "",
                parseResult.GetValue(heartbeat),
                parseResult.GetValue(output) == "json");
            var handler = new EmulatorCommandHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return handler.RunAsync(settings, cancellationToken);
        });
        return command;
    }
}

using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Alyx.Cli.Common;
using Alyx.Cli.Dev;
using Alyx.Cli.Emulator;
using Alyx.Cli.Events;
using Alyx.Cli.Hosting;
using Alyx.Cli.Requests;
using Alyx.Cli.Shards;

namespace Alyx.Cli;

/// <summary>Builds the <c>alyx</c> command tree. Each subcommand lives in a folder of its own.</summary>
public static class AlyxRootCommand
{
    /// <summary>Creates the root command with every subcommand attached.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Alyx runs a Discord bot as many gateway shards: an orchestrator launches, supervises and reshards them.");
        root.Add(DevCommand.Create());
        root.Add(ShardsCommand.Create());
        root.Add(EventsCommand.Create());
        root.Add(RequestCommand.Create());
        root.Add(EmulatorCommand.Create());
        root.Add(OrchestratorCommand.Create());
        root.Add(ShardCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, as <c>Program</c> does. A parse error (unknown option, invalid value,
    /// missing argument) prints one line naming the bad input and the command's help, and returns
    /// <see cref="ExitCodes.InvalidInput"/>. Ctrl+C cancels the command's token, and the command gets up to
    /// <see cref="StopTimeout"/> to stop its work before the process exits with 130 anyway.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="configuration">Output writers for tests; null for the console.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does, for tests.</param>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = StopTimeout };
        var parseResult = Create().Parse(args);
        if (parseResult.Action is not ParseErrorAction)
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }

        var command = CommandPath(parseResult.CommandResult);
        // Some messages list the accepted values on lines of their own, so whitespace runs become single spaces.
        var words = parseResult.Errors.SelectMany(error => error.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var errors = string.Join(" ", words);
        var stop = errors.EndsWith('.') ? "" : ".";
        await configuration.Error.WriteLineAsync($"{command}: {errors}{stop} See {command} --help.");
        return ExitCodes.InvalidInput;
    }

    /// <summary>
    /// How long a command may take to finish after Ctrl+C or SIGTERM: 60 s. <c>alyx dev --launcher process</c> needs
    /// this long to stop its shard processes (each gets SIGTERM, then SIGKILL after its own shutdown timeout).
    /// </summary>
    public static TimeSpan StopTimeout { get; } = TimeSpan.FromSeconds(60);

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            // The root's own name is the executable's, which is testhost under dotnet test.
            names.Insert(0, command.Parent is null ? "alyx" : command.Command.Name);
        }

        return string.Join(" ", names);
    }
}

using System.CommandLine;
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
}

using System.CommandLine;
using Alyx.Cli.Common;

namespace Alyx.Cli.Shards;

/// <summary>The definition of <c>alyx shards</c> and its subcommands; the handlers run them.</summary>
public static class ShardsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("shards", "Shows and changes the shards of a cluster.");
        command.Add(CreateStatus());
        command.Add(CreateScale());
        command.Add(CreateRestart());
        return command;
    }

    private static Command CreateRestart()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis.");
        var shard = new Argument<string>("ID") { Description = "The shard id to restart, from 0." };
        var command = new Command("restart", "Asks the orchestrator to replace one shard's task (SIGTERM, session handed over, new task).")
        {
            cluster, redis, shard,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var handler = new ShardsRestartHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return handler.RunAsync(parseResult.GetValue(cluster)!, parseResult.GetValue(redis), parseResult.GetValue(shard)!, cancellationToken);
        });
        return command;
    }

    private static Command CreateStatus()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis.");
        var output = CommonOptions.Output();
        var staleAfter = CommonOptions.Seconds(new Option<double?>("--stale-after")
        {
            Description = $"Seconds after which a status counts as stale; default {StatusFreshness.DefaultStaleAfter.TotalSeconds:0}, three times the orchestrator's default resync interval. Raise it for an orchestrator with a longer interval.",
        });
        var command = new Command(
            "status",
            "Prints the cluster's conditions and one row per shard: phase, task, guilds, latency, restarts, heartbeat age. Warns when no orchestrator holds the leader lease or the status is stale.")
        {
            cluster, redis, output, staleAfter,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var handler = new ShardsStatusHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, TimeProvider.System);
            var bound = parseResult.GetValue(staleAfter) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return handler.RunAsync(parseResult.GetValue(cluster)!, parseResult.GetValue(redis), parseResult.GetValue(output) == "json", bound, cancellationToken);
        });
        return command;
    }

    private static Command CreateScale()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis.");
        var count = new Option<string?>("--count") { Description = "The new shard count, a whole number from 0 (0 stops every shard)." };
        var auto = new Option<bool>("--auto") { Description = "Follow Discord's recommended shard count from GET /gateway/bot." };
        var strategy = new Option<string>("--strategy") { Description = "How to reshard: rolling (stop the old set, then start the new one) or blue-green (start the new set beside the old one, switch when it is Ready).", DefaultValueFactory = _ => "rolling" };
        strategy.AcceptOnlyFromAmong("rolling", "blue-green");
        var wait = new Option<bool>("--wait") { Description = "Show progress and return when the cluster converged; the exit code says whether it did." };
        var timeout = CommonOptions.Seconds(new Option<double?>("--timeout") { Description = $"Seconds --wait waits before it gives up; default {ShardsScaleHandler.DefaultTimeout.TotalSeconds:0}. Only with --wait." });
        var create = new Option<bool>("--create") { Description = "Create the cluster when this Redis has no spec or status for it; without it such a name is rejected as a likely typo." };
        var command = new Command("scale", "Sets the shard count in the cluster's spec; the orchestrator reshards to it.")
        {
            cluster, redis, count, auto, strategy, wait, timeout, create,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new ScaleRequest(
                parseResult.GetValue(cluster)!,
                parseResult.GetValue(redis),
                parseResult.GetValue(count),
                parseResult.GetValue(auto),
                parseResult.GetValue(strategy)!,
                parseResult.GetValue(wait),
                parseResult.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                parseResult.GetValue(create));
            var handler = new ShardsScaleHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return handler.RunAsync(request, cancellationToken);
        });
        return command;
    }
}

using System.CommandLine;
using Alyx.Cli.Common;

namespace Alyx.Cli.Requests;

/// <summary>The definition of <c>alyx request</c>; <see cref="RequestHandler"/> runs it.</summary>
public static class RequestCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis, which carries the messages.");
        var route = new Option<string>("--route") { Description = "The messenger route, such as alyx.ping (every shard serves it).", Required = true };
        var shard = new Option<int?>("--shard") { Description = "Send to this shard id." };
        var guild = new Option<string?>("--guild") { Description = "Send to the shard that holds this guild id." };
        var all = new Option<bool>("--all") { Description = "Send to every shard and print one result per shard." };
        var data = new Option<string>("--data") { Description = "The request payload as JSON.", DefaultValueFactory = _ => "{}" };
        var timeout = CommonOptions.Seconds(new Option<double>("--timeout") { Description = "Seconds to wait for the replies.", DefaultValueFactory = _ => 5 });
        var output = CommonOptions.Output();
        var command = new Command("request", "Sends a request to the cluster's shards through its messaging transport and prints the replies with status ok, timeout, failed or restarting.")
        {
            cluster, redis, route, shard, guild, all, data, timeout, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new RequestSettings(
                parseResult.GetValue(cluster)!,
                parseResult.GetValue(redis),
                parseResult.GetValue(route)!,
                parseResult.GetValue(shard),
                parseResult.GetValue(guild),
                parseResult.GetValue(all),
                parseResult.GetValue(data)!,
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                parseResult.GetValue(output) == "json");
            return new RequestHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error).RunAsync(settings, cancellationToken);
        });
        return command;
    }
}

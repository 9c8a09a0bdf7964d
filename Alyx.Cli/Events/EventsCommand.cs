using System.CommandLine;
using Alyx.Cli.Common;

namespace Alyx.Cli.Events;

/// <summary>The definition of <c>alyx events</c>; <see cref="EventsHandler"/> runs it.</summary>
public static class EventsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis.");
        var follow = new Option<bool>("--follow") { Description = "Keep printing new events until Ctrl+C." };
        var count = new Option<int>("--count") { Description = "How many of the newest events to print first.", DefaultValueFactory = _ => 50 };
        var output = CommonOptions.Output();
        var command = new Command("events", "Prints the cluster's operator events: scale requests, launches, failures, reshards.")
        {
            cluster, redis, follow, count, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var handler = new EventsHandler(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return handler.RunAsync(
                parseResult.GetValue(cluster)!, parseResult.GetValue(redis), parseResult.GetValue(count), parseResult.GetValue(follow), parseResult.GetValue(output) == "json", cancellationToken);
        });
        return command;
    }
}

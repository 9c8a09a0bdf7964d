using Alyx.Coordination.Messaging;
using Alyx.Shard.Coordination;
using Alyx.Shard.Cutover;
using Alyx.Shard.Plugins;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Hosting;

/// <summary>The host's part in blue-green resharding: which events of its gateway it hands to plugins.</summary>
public sealed partial class ShardHostService
{
    /// <summary>
    /// Starts reading the cluster's active shard set, so the host hands to plugins only the events that the cutover rule
    /// gives its set. Returns null when the coordination has no cluster
    /// state; then the host handles every event.
    /// </summary>
    private async Task<ActiveSetWatch?> StartActiveSetWatchAsync(
        ShardCoordination coordination, PluginDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (coordination.State is not { } state)
        {
            return null;
        }

        var cutover = new EventCutover(assignment.ShardSet, dispatcher.Enqueue, metrics.EventForOtherSet, timeProvider, loggerFactory.CreateLogger<EventCutover>());
        var watch = new ActiveSetWatch(
            state,
            cutover,
            _options.ActiveSetPollInterval,
            timeProvider,
            loggerFactory.CreateLogger<ActiveSetWatch>());
        await watch.StartAsync(cancellationToken);
        return watch;
    }
}

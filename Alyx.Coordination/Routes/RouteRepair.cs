namespace Alyx.Coordination.Routes;

/// <summary>One queue or subscription that a provisioning call found missing or different, and put right.</summary>
/// <param name="Kind">Whether the route is a queue or a subscription.</param>
/// <param name="Name">The queue name, or the subscribed queue's name for a subscription.</param>
/// <param name="ShardId">The shard whose route it is; null for the cluster's dead-letter queue.</param>
/// <param name="Change">What was done, such as <c>created</c> or <c>set FilterPolicy</c>.</param>
public sealed record RouteRepair(RouteKind Kind, string Name, int? ShardId, string Change)
{
    /// <summary>Returns a phrase such as <c>subscription of queue alyx-c-3-1 (shard 1): set FilterPolicy</c>.</summary>
    public override string ToString()
    {
        var route = Kind == RouteKind.Queue ? $"queue {Name}" : $"subscription of queue {Name}";
        var shard = ShardId is { } id ? $" (shard {id})" : "";
        return $"{route}{shard}: {Change}";
    }
}

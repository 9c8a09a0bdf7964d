namespace Alyx.Coordination.Messaging;

/// <summary>The source of the routes the messenger uses. It is read on every send, so reads must be cheap.</summary>
public interface IRouteTable
{
    /// <summary>The active shard set and which of its shards are owned.</summary>
    ShardRoutes Current { get; }
}

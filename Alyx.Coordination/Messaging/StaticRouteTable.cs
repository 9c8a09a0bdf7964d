namespace Alyx.Coordination.Messaging;

/// <summary>
/// A route table set by hand: the host sets the active shard set and updates ownership flags, for example from the
/// cluster status it watches.
/// </summary>
/// <remarks>TODO: a route table fed by the cluster state in Redis replaces this for multi-process clusters.</remarks>
public sealed class StaticRouteTable : IRouteTable
{
    private readonly Lock _gate = new();
    private ShardRoutes _current;

    /// <summary>Creates a table of <paramref name="shardCount"/> shards, all owned.</summary>
    public StaticRouteTable(int shardCount, long epoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        _current = new ShardRoutes(epoch, shardCount, new HashSet<int>());
    }

    /// <inheritdoc />
    public ShardRoutes Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Switches to another shard set (after a reshard), with every shard of it owned.</summary>
    public void SetShardSet(long epoch, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        lock (_gate)
        {
            _current = new ShardRoutes(epoch, shardCount, new HashSet<int>());
        }
    }

    /// <summary>Marks a shard as owned by a running process or not.</summary>
    public void SetOwned(int shardId, bool owned)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(shardId);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardId, _current.ShardCount);
            var unowned = new HashSet<int>(_current.UnownedShards);
            if (owned)
            {
                unowned.Remove(shardId);
            }
            else
            {
                unowned.Add(shardId);
            }

            _current = _current with { UnownedShards = unowned };
        }
    }
}

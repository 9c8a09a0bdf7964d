namespace Alyx.Coordination.Messaging;

/// <summary>
/// A route table set by hand: the owner sets the shard set and which shards are owned. Shard hosts with a cluster state
/// store follow the status with <see cref="ClusterRouteTable"/>; this table serves one-shot clients such as
/// <c>alyx request</c>, which route by a status read once, shard hosts without a state store, and tests.
/// </summary>
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

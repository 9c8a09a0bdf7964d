namespace Alyx.Coordination.Messaging;

/// <summary>
/// Gathers the replies to one broadcast, at most one per shard, and completes when every shard of the set replied.
/// </summary>
internal sealed class BroadcastCollector(long epoch, int shardCount)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, MessageEnvelope> _replies = [];
    private readonly TaskCompletionSource _allReplied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every shard replied.</summary>
    public Task AllReplied => _allReplied.Task;

    /// <summary>Records a reply. Returns false for a shard outside the set (another epoch included) or a second reply from one shard.</summary>
    public bool TryAdd(MessageEnvelope reply)
    {
        if (reply.Source.Epoch != epoch || reply.Source.ShardId is not { } shardId || shardId < 0 || shardId >= shardCount)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_replies.TryAdd(shardId, reply))
            {
                return false;
            }

            if (_replies.Count == shardCount)
            {
                _allReplied.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Returns a copy of the replies gathered so far, by shard ID.</summary>
    public Dictionary<int, MessageEnvelope> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<int, MessageEnvelope>(_replies);
        }
    }
}

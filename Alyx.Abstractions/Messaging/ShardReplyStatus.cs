namespace Alyx.Abstractions.Messaging;

/// <summary>The outcome of a broadcast for one shard.</summary>
public enum ShardReplyStatus
{
    /// <summary>The shard replied with a value.</summary>
    Ok,

    /// <summary>The shard was running but did not reply before the deadline.</summary>
    TimedOut,

    /// <summary>The shard's handler failed; the reply carries the error.</summary>
    Failed,

    /// <summary>No process owned the shard (not started, or restarting) and no reply came before the deadline.</summary>
    NotOwned,
}

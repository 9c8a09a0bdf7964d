namespace Alyx.Coordination.Messaging;

/// <summary>
/// Names of the well-known inboxes. The names are valid SQS queue names and Redis key parts.
/// </summary>
public static class MessagingInboxes
{
    /// <summary>The orchestrator's inbox.</summary>
    public const string Orchestrator = "orchestrator";

    /// <summary>Returns the inbox of a shard of a shard set, such as <c>set2-shard17</c>.</summary>
    public static string Shard(long epoch, int shardId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return $"set{epoch}-shard{shardId}";
    }

    /// <summary>Returns the inbox of a process that only sends requests, such as the CLI.</summary>
    public static string Client(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return $"client-{id}";
    }
}

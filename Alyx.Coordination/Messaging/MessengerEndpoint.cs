namespace Alyx.Coordination.Messaging;

/// <summary>
/// Who a messenger is: the inbox it receives on and what it puts in the source of its envelopes.
/// </summary>
/// <param name="Inbox">The inbox this messenger subscribes to and receives replies on.</param>
/// <param name="Epoch">The shard set epoch of a shard endpoint; 0 otherwise.</param>
/// <param name="ShardId">The shard ID of a shard endpoint; null for the orchestrator and clients.</param>
/// <param name="TaskId">The task or process ID, for logs.</param>
/// <param name="FencingToken">The fencing token of the shard lease this endpoint holds, or 0 when none.</param>
/// <param name="IsTransient">Whether the inbox belongs to this process alone and is deleted when the messenger
/// stops, as for clients such as the CLI.</param>
public sealed record MessengerEndpoint(
    string Inbox,
    long Epoch,
    int? ShardId,
    string? TaskId,
    long FencingToken = 0,
    bool IsTransient = false)
{
    /// <summary>Whether this endpoint is a shard, which receives broadcasts.</summary>
    public bool IsShard => ShardId is not null;

    /// <summary>Returns the endpoint of a shard of a shard set.</summary>
    public static MessengerEndpoint ForShard(long epoch, int shardId, string? taskId = null, long fencingToken = 0) =>
        new(MessagingInboxes.Shard(epoch, shardId), epoch, shardId, taskId, fencingToken);

    /// <summary>Returns the orchestrator's endpoint.</summary>
    public static MessengerEndpoint ForOrchestrator(string? taskId = null) =>
        new(MessagingInboxes.Orchestrator, 0, null, taskId);

    /// <summary>Returns the endpoint of a process that only sends requests.</summary>
    public static MessengerEndpoint ForClient(string id) => new(MessagingInboxes.Client(id), 0, null, id, IsTransient: true);

    /// <summary>Returns the description used in logs and errors, such as <c>shard 3</c>.</summary>
    public string Describe() => ShardId is { } shard ? $"shard {shard}" : Inbox;
}

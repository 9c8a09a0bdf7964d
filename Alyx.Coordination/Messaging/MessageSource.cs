namespace Alyx.Coordination.Messaging;

/// <summary>
/// The sender of an envelope.
/// </summary>
/// <param name="Inbox">The sender's inbox, where replies go.</param>
/// <param name="Epoch">The epoch of the sender's shard set; 0 for the orchestrator and clients.</param>
/// <param name="ShardId">The sender's shard ID, or null when the sender is not a shard.</param>
/// <param name="TaskId">The sender's task or process ID, for logs.</param>
public sealed record MessageSource(string Inbox, long Epoch, int? ShardId, string? TaskId);

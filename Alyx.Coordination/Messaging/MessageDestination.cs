using Alyx.Abstractions.Messaging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The receiver an envelope was addressed to, as the sender resolved it.
/// </summary>
/// <param name="Kind">The kind of receiver the caller asked for.</param>
/// <param name="Epoch">The shard set epoch the sender routed with.</param>
/// <param name="ShardId">The resolved shard, for shard and guild targets.</param>
/// <param name="GuildId">The guild, for guild targets.</param>
public sealed record MessageDestination(MessageTargetKind Kind, long Epoch, int? ShardId, ulong? GuildId);

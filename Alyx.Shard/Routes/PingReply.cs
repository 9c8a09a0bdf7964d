namespace Alyx.Shard.Routes;

/// <summary>The reply of the built-in <c>alyx.ping</c> route.</summary>
/// <param name="ShardId">The shard that replied.</param>
/// <param name="ShardCount">The shard count of its set.</param>
/// <param name="GuildCount">The guilds it holds now.</param>
/// <param name="LatencyMs">The last gateway heartbeat round trip in milliseconds, or null before the first ACK.</param>
public sealed record PingReply(int ShardId, int ShardCount, int GuildCount, double? LatencyMs);

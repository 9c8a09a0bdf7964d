namespace Alyx.Abstractions.Messaging;

/// <summary>
/// The receiver of a cross-shard request: a shard, the shard owning a guild, every shard, or the orchestrator.
/// </summary>
public sealed record MessageTarget
{
    private MessageTarget(MessageTargetKind kind, int? shardId, ulong? guildId)
    {
        Kind = kind;
        ShardId = shardId;
        GuildId = guildId;
    }

    /// <summary>The target addressing every shard of the active set.</summary>
    public static MessageTarget All { get; } = new(MessageTargetKind.All, null, null);

    /// <summary>The target addressing the orchestrator.</summary>
    public static MessageTarget Orchestrator { get; } = new(MessageTargetKind.Orchestrator, null, null);

    /// <summary>The kind of receiver.</summary>
    public MessageTargetKind Kind { get; }

    /// <summary>The shard ID when <see cref="Kind"/> is <see cref="MessageTargetKind.Shard"/>.</summary>
    public int? ShardId { get; }

    /// <summary>The guild ID when <see cref="Kind"/> is <see cref="MessageTargetKind.Guild"/>.</summary>
    public ulong? GuildId { get; }

    /// <summary>Returns the target addressing one shard.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardId"/> is negative.</exception>
    public static MessageTarget Shard(int shardId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return new(MessageTargetKind.Shard, shardId, null);
    }

    /// <summary>
    /// Returns the target addressing the shard that owns <paramref name="guildId"/>, resolved with Discord's formula
    /// <c>(guild_id &gt;&gt; 22) % shard_count</c> on the active shard set when the request is sent.
    /// </summary>
    public static MessageTarget Guild(ulong guildId) => new(MessageTargetKind.Guild, null, guildId);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        MessageTargetKind.Shard => $"shard {ShardId}",
        MessageTargetKind.Guild => $"guild {GuildId}",
        MessageTargetKind.All => "all shards",
        _ => "orchestrator",
    };
}

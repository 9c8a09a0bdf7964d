namespace Alyx.Testing.Emulator;

/// <summary>A gateway session: its shard, its guilds and every event sent in it, for replay on RESUME.</summary>
internal sealed class EmulatorSession(string sessionId, int shardId, int shardCount, IReadOnlyList<ulong> guildIds)
{
    public string SessionId { get; } = sessionId;

    public int ShardId { get; } = shardId;

    public int ShardCount { get; } = shardCount;

    public IReadOnlyList<ulong> GuildIds { get; } = guildIds;

    /// <summary>Events in sequence order; sequence numbers start at 1.</summary>
    public List<(int Sequence, string Name, byte[] Data)> Events { get; } = [];

    public int Sequence => Events.Count == 0 ? 0 : Events[^1].Sequence;

    /// <summary>The connection the session runs on, or null while the client is away.</summary>
    public EmulatorConnection? Connection { get; set; }

    /// <summary>Whether the session ended (client closed with 1000/1001 or a non-resumable fault); RESUME then gets INVALID_SESSION false.</summary>
    public bool Invalidated { get; set; }

    public int NextSequence() => Sequence + 1;
}

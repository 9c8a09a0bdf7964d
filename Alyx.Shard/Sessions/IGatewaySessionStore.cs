namespace Alyx.Shard.Sessions;

/// <summary>Hands a gateway session from a stopping host to its successor, so the successor resumes instead of identifying.</summary>
public interface IGatewaySessionStore
{
    /// <summary>Saves the handover for the successor of the shard; it expires after <paramref name="timeToLive"/>.</summary>
    /// <exception cref="Alyx.Coordination.Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task SaveAsync(long shardSet, int shardId, SessionHandover handover, TimeSpan timeToLive);

    /// <summary>
    /// Reads and deletes the saved handover of the shard in one step, so at most one successor resumes it.
    /// Returns null when none is saved.
    /// </summary>
    /// <exception cref="Alyx.Coordination.Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<SessionHandover?> TakeAsync(long shardSet, int shardId);
}

using Alyx.Shard.Hosting;

namespace Alyx.Shard.Coordination;

/// <summary>The source of the coordination services of each shard host run: Redis for a fleet, shared memory inside one process.</summary>
public interface IShardCoordinationProvider
{
    /// <summary>Connects for one run; the caller disposes the result when the run ends.</summary>
    /// <exception cref="Alyx.Coordination.Redis.CoordinationUnavailableException">The backend is unreachable.</exception>
    Task<ShardCoordination> ConnectAsync(ShardAssignment assignment, ShardHostOptions options, CancellationToken cancellationToken);
}

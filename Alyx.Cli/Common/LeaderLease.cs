using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Cli.Common;

/// <summary>Reads whether an orchestrator leads a cluster, which is what tells whether anyone acts on its spec.</summary>
public static class LeaderLease
{
    /// <summary>Returns true when some orchestrator holds the cluster's leader lease in Redis.</summary>
    public static async Task<bool> IsHeldAsync(IConnectionMultiplexer connection, ClusterKeys keys, CancellationToken cancellationToken)
    {
        var leases = await new RedisLeaseStore(connection, keys, TimeSpan.Zero).ReadAllAsync(cancellationToken);
        return leases.Any(lease => string.Equals(lease.Name, LeaseNames.Leader, StringComparison.Ordinal));
    }
}

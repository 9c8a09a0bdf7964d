using System.Globalization;

namespace Alyx.Coordination.Leases;

/// <summary>Names of the leases a cluster uses.</summary>
public static class LeaseNames
{
    /// <summary>The orchestrator's leader lease: its holder is the active orchestrator, the others stand by.</summary>
    public const string Leader = "leader";

    /// <summary>The prefix of every shard lease name.</summary>
    public const string ShardPrefix = "shard:";

    /// <summary>Returns the name of the lease for one shard of one shard set, <c>shard:{epoch}:{shardId}</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The epoch or the shard id is negative.</exception>
    public static string Shard(long shardSetEpoch, int shardId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardSetEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return string.Create(CultureInfo.InvariantCulture, $"{ShardPrefix}{shardSetEpoch}:{shardId}");
    }

    /// <summary>Parses a shard lease name; returns false for other leases.</summary>
    public static bool TryParseShard(string name, out long shardSetEpoch, out int shardId)
    {
        ArgumentNullException.ThrowIfNull(name);
        shardSetEpoch = 0;
        shardId = 0;
        if (!name.StartsWith(ShardPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name.AsSpan(ShardPrefix.Length);
        var colon = rest.IndexOf(':');
        return colon > 0
            && long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out shardSetEpoch)
            && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out shardId);
    }
}

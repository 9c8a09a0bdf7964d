using System.Globalization;

namespace Alyx.Shard.Hosting;

/// <summary>
/// The shard a host runs, as the orchestrator passes it to a task in environment variables.
/// </summary>
/// <param name="Cluster">The cluster name (<c>ALYX_CLUSTER</c>).</param>
/// <param name="ShardSet">The shard set epoch (<c>ALYX_SHARD_SET</c>).</param>
/// <param name="ShardId">The zero-based shard id (<c>ALYX_SHARD_ID</c>).</param>
/// <param name="ShardCount">The number of shards in the set (<c>ALYX_SHARD_COUNT</c>).</param>
public sealed record ShardAssignment(string Cluster, long ShardSet, int ShardId, int ShardCount)
{
    /// <summary>Variable with the cluster name.</summary>
    public const string ClusterVariable = "ALYX_CLUSTER";

    /// <summary>Variable with the shard set epoch.</summary>
    public const string ShardSetVariable = "ALYX_SHARD_SET";

    /// <summary>Variable with the shard id.</summary>
    public const string ShardIdVariable = "ALYX_SHARD_ID";

    /// <summary>Variable with the shard count.</summary>
    public const string ShardCountVariable = "ALYX_SHARD_COUNT";

    /// <summary>
    /// Reads the assignment from environment variables and reports every missing or invalid one at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">One or more variables are missing or invalid.</exception>
    public static ShardAssignment FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var errors = new List<string>();

        var cluster = getVariable(ClusterVariable);
        if (string.IsNullOrWhiteSpace(cluster))
        {
            errors.Add($"{ClusterVariable} is missing: set it to the cluster name.");
        }

        var shardSet = ReadNumber(getVariable, ShardSetVariable, 0, long.MaxValue, errors);
        var shardCount = ReadNumber(getVariable, ShardCountVariable, 1, int.MaxValue, errors);
        var shardId = ReadNumber(getVariable, ShardIdVariable, 0, int.MaxValue, errors);
        if (shardId is not null && shardCount is not null && shardId >= shardCount)
        {
            errors.Add($"{ShardIdVariable}={shardId} is out of range: it must be below {ShardCountVariable}={shardCount}.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid shard assignment: " + string.Join(" ", errors));
        }

        return new ShardAssignment(cluster!.Trim(), shardSet!.Value, (int)shardId!.Value, (int)shardCount!.Value);
    }

    private static long? ReadNumber(Func<string, string?> getVariable, string name, long min, long max, List<string> errors)
    {
        var text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{name} is missing: set it to a whole number from {min}.");
            return null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add($"{name}='{text}' is invalid: use a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }
}

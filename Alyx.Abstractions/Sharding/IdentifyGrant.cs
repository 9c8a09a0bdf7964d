namespace Alyx.Abstractions.Sharding;

/// <summary>Permission for one shard to identify now.</summary>
/// <param name="ShardId">The shard that may identify.</param>
/// <param name="Bucket">The rate-limit bucket the grant used, <c>shard_id % max_concurrency</c>.</param>
/// <param name="GrantedAt">When the gate granted the slot.</param>
/// <param name="Waited">How long the caller waited at the gate.</param>
public sealed record IdentifyGrant(int ShardId, int Bucket, DateTimeOffset GrantedAt, TimeSpan Waited)
{
    /// <summary>
    /// The latest moment, on the gate's <see cref="TimeProvider"/> UTC clock, at which the caller may still send
    /// IDENTIFY; later, the slot is spent and the caller must wait for a new grant. Null when the gate sets no
    /// deadline.
    /// </summary>
    public DateTimeOffset? SendBy { get; init; }
}

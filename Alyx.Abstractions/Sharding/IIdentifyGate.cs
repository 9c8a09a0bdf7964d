namespace Alyx.Abstractions.Sharding;

/// <summary>
/// Decides when a shard may send IDENTIFY. Discord allows one identify per rate-limit bucket
/// (<c>shard_id % max_concurrency</c>) per window of 5 seconds for the whole bot, whatever process sends it, and a
/// daily budget of session starts. A gate shared by every shard of a bot keeps both limits; a RESUME does not pass it.
/// </summary>
public interface IIdentifyGate
{
    /// <summary>
    /// Waits until <paramref name="shardId"/> may identify and returns the grant. Callers identify right after it
    /// returns; the grant uses up the bucket's slot for the current window whether or not they do.
    /// </summary>
    /// <exception cref="SessionStartBudgetExhaustedException">
    /// The remaining session starts are at or below the reserve; the exception says when the budget resets.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken);
}

using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Redis;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Identify;

/// <summary>
/// The waiting half of both gates. A waiter reserves the next free slot of its bucket in one atomic step, which
/// makes the gate first come first served, then sleeps once until its slot. No waiter polls. A cancelled waiter hands
/// its slot back when no later waiter has reserved behind it. Otherwise the slot stays empty, which delays the
/// bucket by one window but never breaks the rate limit.
/// </summary>
/// <remarks>
/// NOTE: within a bucket, grants follow arrival order, not shard id order. Discord asks large bots to start shards
/// in id order (0..max_concurrency-1, then the next block), so launchers should start tasks in id order.
/// </remarks>
public abstract partial class ReservingIdentifyGate : IClusterIdentifyGate
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the gate.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    protected ReservingIdentifyGate(IdentifyGateOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The gate's settings.</summary>
    protected IdentifyGateOptions Options { get; }

    /// <inheritdoc />
    /// <remarks>
    /// The grant's <see cref="IdentifyGrant.SendBy"/> is the slot start plus <see cref="IdentifyGateOptions.SendTolerance"/>.
    /// A waiter that wakes after it (a late timer or a starved thread pool) hands the slot back and reserves again,
    /// because an IDENTIFY sent that late could reach Discord less than a window before the bucket's next one.
    /// </remarks>
    public async ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        var started = _timeProvider.GetTimestamp();
        while (true)
        {
            // The store ran the reservation at some moment between sending it and the reply. Waking the delay after
            // the reply is never early on the store's clock; the deadline counts from the send, so it is never late.
            var sentAt = _timeProvider.GetTimestamp();
            var slot = await ReserveAsync(shardId, cancellationToken);
            var sendBy = slot.Delay + Options.SendTolerance;
            try
            {
                if (slot.Delay > TimeSpan.Zero)
                {
                    LogWaiting(shardId, slot.Bucket, slot.Delay.TotalMilliseconds);

                    // Timers count whole milliseconds and may fire a fraction early, so the wait is rounded up.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(slot.Delay.TotalMilliseconds) + 1), _timeProvider, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await TryCancelAsync(shardId, slot);
                throw;
            }

            var left = sendBy - _timeProvider.GetElapsedTime(sentAt);
            if (left <= TimeSpan.Zero)
            {
                // The bound from the reservation's round trip is loose when that round trip was slow (a cold
                // connection, a first script load). A fresh reading of the store's clock on the now warm connection
                // often shows the slot is still open. The store's clock reads whole milliseconds, rounded down.
                var readSentAt = _timeProvider.GetTimestamp();
                var storeNow = await ReadStoreClockAsync(cancellationToken) + TimeSpan.FromMilliseconds(1);
                left = slot.SlotTime + Options.SendTolerance - storeNow - _timeProvider.GetElapsedTime(readSentAt);
            }

            if (left > TimeSpan.Zero)
            {
                var grant = new IdentifyGrant(shardId, slot.Bucket, slot.SlotTime, _timeProvider.GetElapsedTime(started))
                {
                    SendBy = _timeProvider.GetUtcNow() + left,
                };
                LogGranted(shardId, slot.Bucket, grant.Waited.TotalMilliseconds, (sendBy - left).TotalMilliseconds - slot.Delay.TotalMilliseconds);
                return grant;
            }

            LogSlotMissed(shardId, slot.Bucket, -left.TotalMilliseconds, Options.SendTolerance.TotalMilliseconds);
            await TryCancelAsync(shardId, slot);
        }
    }

    /// <inheritdoc />
    public abstract Task SetBudgetAsync(SessionStartBudget budget, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<SessionStartBudget?> GetBudgetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically checks the budget, takes one session start and reserves the next free slot of the shard's bucket.
    /// </summary>
    /// <exception cref="SessionStartBudgetExhaustedException">The remaining budget is at or below the reserve.</exception>
    /// <exception cref="InvalidOperationException">No budget was set.</exception>
    private protected abstract Task<IdentifySlot> ReserveAsync(int shardId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives an unused slot back when it is still the last one of its bucket, and refunds its session start when the
    /// budget was not replaced since.
    /// </summary>
    private protected abstract Task CancelAsync(IdentifySlot slot);

    /// <summary>Reads the clock that slots are measured on.</summary>
    /// <exception cref="CoordinationUnavailableException">The store is unreachable.</exception>
    private protected abstract Task<DateTimeOffset> ReadStoreClockAsync(CancellationToken cancellationToken);

    /// <summary>Builds the error for a budget with no identifies left above the reserve.</summary>
    protected SessionStartBudgetExhaustedException Exhausted(int remaining, DateTimeOffset resetsAt)
    {
        LogExhausted(remaining, Options.Reserve, resetsAt);
        return new SessionStartBudgetExhaustedException(remaining, Options.Reserve, resetsAt);
    }

    /// <summary>Builds the error for a gate whose budget was never set.</summary>
    protected static InvalidOperationException BudgetNotSet(string where) =>
        new($"The identify gate of {where} has no session start budget. The orchestrator sets it from "
            + "GET /gateway/bot (session_start_limit) before shards identify; start the orchestrator first.");

    private async Task TryCancelAsync(int shardId, IdentifySlot slot)
    {
        try
        {
            await CancelAsync(slot);
            LogCancelled(shardId, slot.Bucket);
        }
        catch (CoordinationUnavailableException exception)
        {
            // The slot stays reserved and its session start stays counted, which is the safe side.
            LogCancelFailed(shardId, slot.Bucket, exception);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Shard {ShardId} waits {DelayMs} ms for its slot in identify bucket {Bucket}")]
    private partial void LogWaiting(int shardId, int bucket, double delayMs);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Shard {ShardId} may identify (bucket {Bucket}) after waiting {WaitedMs} ms, at most {LateMs} ms after its slot start")]
    private partial void LogGranted(int shardId, int bucket, double waitedMs, double lateMs);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning,
        Message = "Identify refused: {Remaining} session starts remain, at or below the reserve of {Reserve}; the budget resets at {ResetsAt}")]
    private partial void LogExhausted(int remaining, int reserve, DateTimeOffset resetsAt);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Shard {ShardId} stopped waiting; its slot in bucket {Bucket} was handed back")]
    private partial void LogCancelled(int shardId, int bucket);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning,
        Message = "Shard {ShardId} woke {LateMs} ms past its send deadline in identify bucket {Bucket} (tolerance {ToleranceMs} ms); reserving a new slot. Raise Identify:Margin if this repeats")]
    private partial void LogSlotMissed(int shardId, int bucket, double lateMs, double toleranceMs);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Shard {ShardId} stopped waiting, but its slot in bucket {Bucket} could not be handed back")]
    private partial void LogCancelFailed(int shardId, int bucket, Exception exception);
}

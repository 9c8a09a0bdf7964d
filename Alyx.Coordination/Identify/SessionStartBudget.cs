namespace Alyx.Coordination.Identify;

/// <summary>
/// The bot's session start limit as Discord reports it in <c>session_start_limit</c> of <c>GET /gateway/bot</c>.
/// </summary>
/// <param name="Total">Session starts allowed per period (1000 per 24 h for most bots).</param>
/// <param name="Remaining">Session starts left in the current period.</param>
/// <param name="ResetsAt">When the period ends: the time of the request plus <c>reset_after</c> (milliseconds).</param>
/// <param name="MaxConcurrency">Identify buckets; bucket = <c>shard_id % max_concurrency</c>.</param>
public sealed record SessionStartBudget(int Total, int Remaining, DateTimeOffset ResetsAt, int MaxConcurrency)
{
    /// <summary>Discord's budget period. Source: Discord gateway docs, "Session Start Limit" (1000 identifies per 24 hours).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);

    /// <summary>
    /// Returns the budget as it is at <paramref name="now"/>: once <see cref="ResetsAt"/> has passed, Discord
    /// has refilled it to <see cref="Total"/> and the next reset lies one <see cref="Period"/> later.
    /// </summary>
    public SessionStartBudget At(DateTimeOffset now)
    {
        if (now < ResetsAt)
        {
            return this;
        }

        var periods = ((now - ResetsAt).Ticks / Period.Ticks) + 1;
        return this with { Remaining = Total, ResetsAt = ResetsAt + (Period * periods) };
    }

    /// <summary>Checks the values Discord returned.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void ThrowIfInvalid()
    {
        if (Total < 0 || Remaining < 0 || Remaining > Total)
        {
            throw new ArgumentException(
                $"Session start budget is invalid: remaining {Remaining} must lie between 0 and total {Total}.");
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentException($"Session start budget is invalid: max_concurrency {MaxConcurrency} must be at least 1.");
        }
    }
}

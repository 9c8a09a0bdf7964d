namespace Alyx.Abstractions.Sharding;

/// <summary>
/// The bot's daily session starts are used up down to the configured reserve, so no shard may identify until the
/// budget resets. Identifying anyway risks Discord resetting the bot token.
/// </summary>
public sealed class SessionStartBudgetExhaustedException(int remaining, int reserve, DateTimeOffset resetsAt)
    : Exception($"No identify allowed: {remaining} session starts remain, at or below the reserve of {reserve}. "
        + $"The budget resets at {resetsAt:O}; wait until then or lower the reserve.")
{
    /// <summary>Session starts left in the current period.</summary>
    public int Remaining { get; } = remaining;

    /// <summary>The number of session starts the gate keeps back.</summary>
    public int Reserve { get; } = reserve;

    /// <summary>When Discord resets the budget.</summary>
    public DateTimeOffset ResetsAt { get; } = resetsAt;
}

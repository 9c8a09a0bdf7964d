namespace Alyx.Discord.Rest;

/// <summary>The bot's budget of session starts (identifies) from <c>GET /gateway/bot</c>.</summary>
/// <param name="Total">Session starts allowed per period, usually 1000 per 24 hours.</param>
/// <param name="Remaining">Session starts left in the current period.</param>
/// <param name="ResetAfter">Milliseconds until the period resets.</param>
/// <param name="MaxConcurrency">Identify buckets: identifies allowed per 5-second window.</param>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

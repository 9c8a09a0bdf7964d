using System.Net;

namespace Alyx.Discord.Rest;

/// <summary>A request stayed rate limited (429) after every allowed retry.</summary>
public sealed class DiscordRateLimitedException(RestRoute route, TimeSpan retryAfter, bool global, int attempts)
    : DiscordRestException(route, HttpStatusCode.TooManyRequests, null,
        $"still rate limited after {attempts} attempts ({(global ? "global" : "route")} limit, retry after {retryAfter.TotalSeconds:F3} s). Send fewer requests or raise MaxRateLimitRetries.")
{
    /// <summary>The wait Discord asked for in the last 429.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Whether the global limit was hit.</summary>
    public bool Global { get; } = global;
}

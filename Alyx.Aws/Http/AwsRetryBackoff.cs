namespace Alyx.Aws.Http;

/// <summary>Capped exponential backoff with full jitter.</summary>
internal static class AwsRetryBackoff
{
    /// <summary>
    /// Returns a delay drawn uniformly from [0, min(maxDelay, baseDelay * 2^(retry - 1))], where
    /// <paramref name="retry"/> is 1 before the first retry. Full jitter spreads clients that failed together.
    /// </summary>
    public static TimeSpan Compute(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * unitRandom);
    }
}

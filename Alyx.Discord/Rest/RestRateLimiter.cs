using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace Alyx.Discord.Rest;

/// <summary>
/// Keeps requests inside Discord's limits: per-route buckets learned from the X-RateLimit-* headers and keyed with the
/// major parameter, the global per-second limit, and the waits that 429 responses ask for. Requests in one bucket run
/// one at a time, so the remaining count from the last response is always current.
/// </summary>
public sealed class RestRateLimiter(TimeProvider timeProvider, int globalRequestsPerSecond)
{
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new();
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly Queue<long> _globalWindow = new();
    private readonly Lock _globalLock = new();
    private long _globalBlockedUntil;

    /// <summary>Waits until <paramref name="route"/> may be sent and returns the bucket lease to release after the response.</summary>
    public async ValueTask<IDisposable> AcquireAsync(RestRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            // A timer may fire a little before the monotonic clock reaches the reset, so the wait is checked again
            // after each delay; taking the slot happens only in the check that returns zero.
            for (var wait = bucket.WaitTime(timeProvider); wait > TimeSpan.Zero; wait = bucket.WaitTime(timeProvider))
            {
                await Task.Delay(AtLeast(wait), timeProvider, cancellationToken);
            }

            if (!route.ExemptFromGlobalLimit)
            {
                await WaitForGlobalAsync(cancellationToken);
            }

            return bucket;
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    /// <summary>Learns the bucket id, remaining count and reset time from a response's headers.</summary>
    public void Update(RestRoute route, HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Header(headers, "X-RateLimit-Bucket") is { } hash)
        {
            _bucketOfRoute[route.RouteKey] = hash;
        }

        var bucket = BucketFor(route);
        if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), CultureInfo.InvariantCulture, out var remaining)
            && double.TryParse(Header(headers, "X-RateLimit-Reset-After"), CultureInfo.InvariantCulture, out var resetAfter))
        {
            bucket.Set(remaining, timeProvider.GetTimestamp() + Ticks(TimeSpan.FromSeconds(resetAfter)));
        }
    }

    /// <summary>Records a 429: the route's bucket, or every route when <paramref name="global"/>, waits <paramref name="retryAfter"/>.</summary>
    public void OnRateLimited(RestRoute route, TimeSpan retryAfter, bool global)
    {
        var until = timeProvider.GetTimestamp() + Ticks(retryAfter);
        if (global)
        {
            lock (_globalLock)
            {
                _globalBlockedUntil = Math.Max(_globalBlockedUntil, until);
            }
        }
        else
        {
            BucketFor(route).Set(0, until);
        }
    }

    private Bucket BucketFor(RestRoute route)
    {
        var id = _bucketOfRoute.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey;
        return _buckets.GetOrAdd(id + ":" + route.MajorParameter, static _ => new Bucket());
    }

    private async ValueTask WaitForGlobalAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_globalLock)
            {
                var now = timeProvider.GetTimestamp();
                var second = Ticks(TimeSpan.FromSeconds(1));
                while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= second)
                {
                    _globalWindow.Dequeue();
                }

                if (now >= _globalBlockedUntil && _globalWindow.Count < globalRequestsPerSecond)
                {
                    _globalWindow.Enqueue(now);
                    return;
                }

                var untilSlot = _globalWindow.Count < globalRequestsPerSecond ? 0 : _globalWindow.Peek() + second - now;
                wait = TimeSpan.FromSeconds(Math.Max(untilSlot, _globalBlockedUntil - now) / (double)timeProvider.TimestampFrequency);
            }

            await Task.Delay(AtLeast(wait), timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Rounds a wait up to whole milliseconds plus one. Timers count whole milliseconds, so a wait of 4.7 ms can end
    /// after 4 ms, and a request sent that early into a bucket would get a 429.
    /// </summary>
    private static TimeSpan AtLeast(TimeSpan wait) =>
        TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, wait.TotalMilliseconds)) + 1);

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * timeProvider.TimestampFrequency);

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The state of one bucket and major parameter; disposing the lease lets the next request in.</summary>
    private sealed class Bucket : IDisposable
    {
        private readonly Lock _lock = new();
        private int _remaining = 1;
        private long _resetAt;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Set(int remaining, long resetAt)
        {
            lock (_lock)
            {
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }

        public TimeSpan WaitTime(TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                if (_remaining > 0 || now >= _resetAt)
                {
                    if (now >= _resetAt)
                    {
                        _remaining = 1;
                    }

                    _remaining--;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((_resetAt - now) / (double)time.TimestampFrequency);
            }
        }

        public void Dispose() => Gate.Release();
    }
}

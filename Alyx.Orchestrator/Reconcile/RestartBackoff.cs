namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// Relaunch delays of one shard: capped exponential backoff with jitter, and CrashLoop after
/// <see cref="OrchestratorOptions.CrashLoopFailures"/> failures inside <see cref="OrchestratorOptions.CrashLoopWindow"/>.
/// </summary>
public sealed class RestartBackoff(OrchestratorOptions options)
{
    private readonly Queue<DateTimeOffset> _failures = new();

    /// <summary>Relaunches so far.</summary>
    public int RestartCount { get; set; }

    /// <summary>The earliest time of the next launch.</summary>
    public DateTimeOffset NextLaunchAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>True when the failures inside the window reached the CrashLoop threshold.</summary>
    public bool InCrashLoop { get; private set; }

    /// <summary>Records a failure at <paramref name="now"/> and returns the delay before the next launch.</summary>
    public TimeSpan RecordFailure(DateTimeOffset now)
    {
        _failures.Enqueue(now);
        while (_failures.Count > 0 && now - _failures.Peek() > options.CrashLoopWindow)
        {
            _failures.Dequeue();
        }

        InCrashLoop = _failures.Count >= options.CrashLoopFailures;
        var exponent = Math.Min(_failures.Count - 1, 20);
        var capped = Math.Min(options.RestartBackoffMax.TotalMilliseconds, options.RestartBackoffBase.TotalMilliseconds * Math.Pow(2, exponent));

        // Jitter spreads relaunches of shards that failed together, such as after a Redis outage.
        var delay = InCrashLoop
            ? options.RestartBackoffMax
            : TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
        NextLaunchAt = now + delay;
        return delay;
    }

    /// <summary>Clears the CrashLoop mark once a shard stayed Ready, keeping the restart count.</summary>
    public void RecordHealthy(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.Peek() > options.CrashLoopWindow)
        {
            _failures.Dequeue();
        }

        InCrashLoop = _failures.Count >= options.CrashLoopFailures;
    }
}

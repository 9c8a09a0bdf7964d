namespace Alyx.Orchestrator.Launchers.Ecs;

/// <summary>
/// A token bucket for RunTask calls: up to <c>burst</c> calls at once, then <c>ratePerSecond</c>. After throttling,
/// <see cref="Pause"/> delays every caller, since ECS throttles per account and Region, not per shard.
/// </summary>
internal sealed class EcsLaunchPacer(double ratePerSecond, int burst, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private DateTimeOffset _refilledAt = timeProvider.GetUtcNow();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>Waits until a RunTask call may go out, and takes its token.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                _tokens = Math.Min(burst, _tokens + ((now - _refilledAt).TotalSeconds * ratePerSecond));
                _refilledAt = now;
                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }
                else
                {
                    wait = TimeSpan.FromSeconds((1 - _tokens) / ratePerSecond);
                }
            }

            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>Holds every caller for at least <paramref name="delay"/> from now.</summary>
    public void Pause(TimeSpan delay)
    {
        lock (_gate)
        {
            var until = timeProvider.GetUtcNow() + delay;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }
}

namespace Alyx.Discord.Gateway;

/// <summary>
/// Keeps one connection under Discord's send limit of 120 payloads per 60 seconds (going over closes with 4008).
/// Ordinary payloads may use all but <see cref="ReservedForControl"/> slots, so heartbeats, IDENTIFY and RESUME
/// always find one.
/// </summary>
public sealed class GatewaySendLimiter(TimeProvider timeProvider)
{
    /// <summary>Payloads allowed per <see cref="Window"/>.</summary>
    public const int Limit = 120;

    /// <summary>Slots that only control payloads (heartbeat, identify, resume) may use.</summary>
    public const int ReservedForControl = 5;

    /// <summary>The largest payload Discord accepts, in bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>The length of the sliding window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Queue<long> _sentAt = new();
    private readonly Lock _lock = new();

    /// <summary>Waits until one more payload may be sent and takes its slot.</summary>
    public async ValueTask WaitAsync(bool control, CancellationToken cancellationToken)
    {
        var allowed = control ? Limit : Limit - ReservedForControl;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = timeProvider.GetTimestamp();
                while (_sentAt.Count > 0 && timeProvider.GetElapsedTime(_sentAt.Peek(), now) >= Window)
                {
                    _sentAt.Dequeue();
                }

                if (_sentAt.Count < allowed)
                {
                    _sentAt.Enqueue(now);
                    return;
                }

                // The slot frees when the oldest of the payloads that fill the allowance leaves the window.
                var oldest = _sentAt.ElementAt(_sentAt.Count - allowed);
                wait = Window - timeProvider.GetElapsedTime(oldest, now);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), timeProvider, cancellationToken);
        }
    }
}

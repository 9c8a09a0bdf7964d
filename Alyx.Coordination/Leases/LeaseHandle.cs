using Alyx.Coordination.Redis;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Leases;

/// <summary>
/// A lease this process holds. It renews itself in the background and keeps a local deadline on the monotonic clock:
/// the send time of the last successful acquire or renew, plus the time to live, minus the safety margin. The store
/// cannot expire the lease before that deadline, so a holder that stops its work when <see cref="Lost"/> fires has
/// stopped before anyone else can acquire the lease. <see cref="Lost"/> fires at the deadline at the latest, even
/// when the store is unreachable, and earlier when a renew is rejected.
/// </summary>
public sealed partial class LeaseHandle : IAsyncDisposable
{
    private readonly ILeaseStore _store;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _deadlineTimer;
    private readonly Lock _gate = new();
    private readonly Task _renewLoop;
    private long _deadline;
    private LeaseLossReason? _lossReason;
    private int _released;

    internal LeaseHandle(
        ILeaseStore store,
        string name,
        string holderId,
        long fencingToken,
        long acquireSentAt,
        LeaseOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _store = store;
        Name = name;
        HolderId = holderId;
        FencingToken = fencingToken;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Lost = _lost.Token;
        _deadline = acquireSentAt + ToTicks(options.TimeToLive - options.SafetyMargin);
        _deadlineTimer = timeProvider.CreateTimer(_ => OnDeadline(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            ArmDeadlineTimer();
        }

        _renewLoop = RenewLoopAsync();
    }

    /// <summary>The lease name.</summary>
    public string Name { get; }

    /// <summary>The holder id this process acquired the lease with.</summary>
    public string HolderId { get; }

    /// <summary>The fencing token of this acquisition; later holders get greater tokens.</summary>
    public long FencingToken { get; }

    /// <summary>
    /// Fires once when the lease stops being valid, and the holder must then stop the work the lease protects. The
    /// token stays readable after the handle is disposed.
    /// </summary>
    public CancellationToken Lost { get; }

    /// <summary>Why the lease was lost, or null while it is held.</summary>
    public LeaseLossReason? LossReason
    {
        get
        {
            lock (_gate)
            {
                return _lossReason;
            }
        }
    }

    /// <summary>True while the lease is valid: not lost and the local deadline not reached. Check it before each protected action.</summary>
    public bool IsHeld => RemainingValidity > TimeSpan.Zero;

    /// <summary>Time left until the local deadline; zero once the lease is lost.</summary>
    public TimeSpan RemainingValidity
    {
        get
        {
            lock (_gate)
            {
                if (_lossReason is not null)
                {
                    return TimeSpan.Zero;
                }

                var left = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), _deadline);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// Stops renewing, fires <see cref="Lost"/> with <see cref="LeaseLossReason.Released"/> and deletes the lease in
    /// the store if this holder still has it. When the store is unreachable the lease simply expires.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        MarkLost(LeaseLossReason.Released);
        await _renewLoop;
        try
        {
            await _store.ReleaseAsync(Name, HolderId, FencingToken, cancellationToken);
        }
        catch (CoordinationUnavailableException exception)
        {
            LogReleaseFailed(Name, FencingToken, exception);
        }
    }

    /// <summary>Releases the lease (see <see cref="ReleaseAsync"/>) and frees the timer.</summary>
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync(CancellationToken.None);
        await _deadlineTimer.DisposeAsync();
        _lost.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        // Renewals run at a fixed rate: the timer for the next one starts before the current renew is sent, so a
        // slow reply does not push later renewals back. The first timer starts inside the constructor.
        var nextRenew = Task.Delay(_options.RenewInterval, _timeProvider, _lost.Token);
        while (true)
        {
            try
            {
                await nextRenew;
            }
            catch (OperationCanceledException) when (_lost.IsCancellationRequested)
            {
                return;
            }

            nextRenew = Task.Delay(_options.RenewInterval, _timeProvider, _lost.Token);

            // A process paused past its deadline (GC, SIGSTOP, an overloaded host) may wake after another holder took
            // the lease, so it must learn of the loss before it sends anything.
            if (!IsHeld)
            {
                OnDeadline();
                return;
            }

            var sentAt = _timeProvider.GetTimestamp();
            bool renewed;
            try
            {
                renewed = await _store.RenewAsync(Name, HolderId, FencingToken, _options.TimeToLive, CancellationToken.None);
            }
            catch (CoordinationUnavailableException exception)
            {
                LogRenewFailed(Name, FencingToken, RemainingValidity.TotalMilliseconds, exception);
                continue;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A broken store must not leave the holder running: it keeps its deadline and stops there.
                LogRenewError(Name, FencingToken, exception);
                continue;
            }

            if (!renewed)
            {
                MarkLost(LeaseLossReason.RenewRejected);
                return;
            }

            lock (_gate)
            {
                var deadline = sentAt + ToTicks(_options.TimeToLive - _options.SafetyMargin);
                if (_lossReason is null && deadline > _deadline)
                {
                    _deadline = deadline;
                    ArmDeadlineTimer();
                }
            }
        }
    }

    private void OnDeadline()
    {
        lock (_gate)
        {
            if (_lossReason is not null)
            {
                return;
            }

            // The timer may run early by a tick or late after a renew moved the deadline; only a reached deadline counts.
            if (_timeProvider.GetTimestamp() < _deadline)
            {
                ArmDeadlineTimer();
                return;
            }
        }

        MarkLost(LeaseLossReason.DeadlinePassed);
    }

    private void MarkLost(LeaseLossReason reason)
    {
        lock (_gate)
        {
            if (_lossReason is not null)
            {
                return;
            }

            _lossReason = reason;
            _deadlineTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        if (reason == LeaseLossReason.Released)
        {
            LogReleased(Name, FencingToken);
        }
        else
        {
            LogLost(Name, HolderId, FencingToken, reason);
        }

        _lost.Cancel();
    }

    private void ArmDeadlineTimer()
    {
        var due = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), _deadline);
        _deadlineTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _timeProvider.TimestampFrequency);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Lease {LeaseName} lost by {HolderId} (fencing token {FencingToken}): {Reason}; stop the work it protects")]
    private partial void LogLost(string leaseName, string holderId, long fencingToken, LeaseLossReason reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Lease {LeaseName} renew failed (fencing token {FencingToken}); {RemainingMs} ms left before the local deadline")]
    private partial void LogRenewFailed(string leaseName, long fencingToken, double remainingMs, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error,
        Message = "Lease {LeaseName} renew raised an unexpected error (fencing token {FencingToken})")]
    private partial void LogRenewError(string leaseName, long fencingToken, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Lease {LeaseName} released (fencing token {FencingToken})")]
    private partial void LogReleased(string leaseName, long fencingToken);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "Lease {LeaseName} could not be deleted on release (fencing token {FencingToken}); it expires by itself")]
    private partial void LogReleaseFailed(string leaseName, long fencingToken, Exception exception);
}

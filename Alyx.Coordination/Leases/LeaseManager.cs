using Alyx.Coordination.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Leases;

/// <summary>Acquires leases from an <see cref="ILeaseStore"/> and hands them out as self-renewing <see cref="LeaseHandle"/>s.</summary>
public sealed partial class LeaseManager
{
    private readonly ILeaseStore _store;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LeaseManager> _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the manager.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each property.</exception>
    public LeaseManager(ILeaseStore store, LeaseOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        _store = store;
        _options = options;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LeaseManager>();
    }

    /// <summary>The timing this manager gives its handles.</summary>
    public LeaseOptions Options => _options;

    /// <summary>
    /// Raised with the lease name after each acquire attempt that reached the store, whether or not it took the lease.
    /// A standby uses it to show that it can still reach the store. Not raised when the store is unreachable.
    /// </summary>
    public event EventHandler<string>? AcquireAnswered;

    /// <summary>Tries once to take the lease. Returns the handle, or null with the current holder when it is held.</summary>
    /// <exception cref="CoordinationUnavailableException">The store is unreachable; the outcome is unknown.</exception>
    public async Task<(LeaseHandle? Handle, LeaseAcquireResult Result)> TryAcquireAsync(
        string name, string holderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holderId);

        // The deadline counts from before the request leaves, so it is never later than the store's expiry.
        var sentAt = _timeProvider.GetTimestamp();
        var result = await _store.TryAcquireAsync(name, holderId, _options.TimeToLive, cancellationToken);
        AcquireAnswered?.Invoke(this, name);
        if (!result.Acquired)
        {
            LogHeld(name, result.CurrentHolder?.HolderId, result.RetryAfter.TotalMilliseconds);
            return (null, result);
        }

        LogAcquired(name, holderId, result.FencingToken);
        var handle = new LeaseHandle(_store, name, holderId, result.FencingToken, sentAt, _options, _timeProvider, _loggerFactory.CreateLogger<LeaseHandle>());
        return (handle, result);
    }

    /// <summary>
    /// Waits until the lease is free and takes it. Between attempts it waits for the holder's remaining time to live
    /// (at most <see cref="LeaseOptions.MaxAcquireRetryDelay"/>) plus jitter; while the store is unreachable it backs
    /// off exponentially up to the same cap.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<LeaseHandle> AcquireAsync(string name, string holderId, CancellationToken cancellationToken)
    {
        var outageDelay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            TimeSpan delay;
            try
            {
                var (handle, result) = await TryAcquireAsync(name, holderId, cancellationToken);
                if (handle is not null)
                {
                    return handle;
                }

                delay = result.RetryAfter < _options.MaxAcquireRetryDelay ? result.RetryAfter : _options.MaxAcquireRetryDelay;
                outageDelay = TimeSpan.FromMilliseconds(100);
            }
            catch (CoordinationUnavailableException exception)
            {
                delay = outageDelay;
                outageDelay = TimeSpan.FromTicks(Math.Min(outageDelay.Ticks * 2, _options.MaxAcquireRetryDelay.Ticks));
                LogAcquireFailed(name, delay.TotalMilliseconds, exception);
            }

            // Jitter keeps contenders that saw the same expiry from arriving in the same millisecond.
            delay += TimeSpan.FromMilliseconds(Random.Shared.Next(1, 50));
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Lease {LeaseName} acquired by {HolderId} with fencing token {FencingToken}")]
    private partial void LogAcquired(string leaseName, string holderId, long fencingToken);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Debug, Message = "Lease {LeaseName} is held by {CurrentHolder}; retry in {RetryAfterMs} ms")]
    private partial void LogHeld(string leaseName, string? currentHolder, double retryAfterMs);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Lease {LeaseName} acquire failed; retry in {DelayMs} ms")]
    private partial void LogAcquireFailed(string leaseName, double delayMs, Exception exception);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Leases;

/// <summary>
/// Runs the orchestrator active/standby behind the <see cref="LeaseNames.Leader"/> lease: the candidate that holds
/// the lease runs the leader work, the others wait for it to expire or be released. The work's token fires when the
/// lease is lost, so a deposed leader stops before a standby can take over.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly LeaseManager _leases;
    private readonly string _candidateId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LeaderElector> _logger;

    /// <summary>Creates the elector for one candidate.</summary>
    /// <param name="leases">The lease manager of the cluster.</param>
    /// <param name="candidateId">This candidate's holder id, such as the orchestrator's task id.</param>
    /// <param name="timeProvider">The clock for the pause between terms.</param>
    /// <param name="logger">The logger; none when null.</param>
    public LeaderElector(LeaseManager leases, string candidateId, TimeProvider timeProvider, ILogger<LeaderElector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentException.ThrowIfNullOrWhiteSpace(candidateId);
        _leases = leases;
        _candidateId = candidateId;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger<LeaderElector>.Instance;
    }

    /// <summary>
    /// Campaigns until <paramref name="cancellationToken"/> fires. Each time this candidate becomes leader it calls
    /// <paramref name="leadAsync"/> with the lease handle (its fencing token guards status writes) and a token that
    /// fires when the lease is lost or the elector stops. When the work ends, fails or loses the lease, the elector
    /// releases the lease, pauses for a jittered moment and campaigns again.
    /// </summary>
    public async Task RunAsync(Func<LeaseHandle, CancellationToken, Task> leadAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadAsync);
        while (!cancellationToken.IsCancellationRequested)
        {
            LeaseHandle handle;
            try
            {
                handle = await _leases.AcquireAsync(LeaseNames.Leader, _candidateId, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await using (handle)
            {
                await LeadAsync(handle, leadAsync, cancellationToken);
            }

            // A pause before campaigning again lets a standby take over from a leader whose work keeps failing.
            var pause = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)_leases.Options.RenewInterval.TotalMilliseconds + 1));
            try
            {
                await Task.Delay(pause, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task LeadAsync(LeaseHandle handle, Func<LeaseHandle, CancellationToken, Task> leadAsync, CancellationToken cancellationToken)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handle.Lost);
        LogElected(_candidateId, handle.FencingToken);
        try
        {
            await leadAsync(handle, term.Token);
            LogSteppedDown(_candidateId, handle.FencingToken);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            if (handle.Lost.IsCancellationRequested)
            {
                LogDeposed(_candidateId, handle.FencingToken, handle.LossReason);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogLeaderWorkFailed(_candidateId, handle.FencingToken, exception);
        }
    }

    [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "{CandidateId} became leader with fencing token {FencingToken}")]
    private partial void LogElected(string candidateId, long fencingToken);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "{CandidateId} lost leadership (fencing token {FencingToken}): {Reason}")]
    private partial void LogDeposed(string candidateId, long fencingToken, LeaseLossReason? reason);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Error, Message = "Leader work of {CandidateId} failed (fencing token {FencingToken}); stepping down")]
    private partial void LogLeaderWorkFailed(string candidateId, long fencingToken, Exception exception);

    [LoggerMessage(EventId = 1124, Level = LogLevel.Information, Message = "{CandidateId} stepped down (fencing token {FencingToken})")]
    private partial void LogSteppedDown(string candidateId, long fencingToken);
}

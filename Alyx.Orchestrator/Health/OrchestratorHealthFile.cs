using Alyx.Orchestrator.Leadership;
using Alyx.Orchestrator.Reconcile;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Health;

/// <summary>
/// Touches the container health file (<c>ALYX_HEALTH_FILE</c>) whenever the runner shows it is working: after each
/// reconcile pass as leader and each check of the leader lease as leader or standby. A standby stays healthy while its
/// acquire attempts reach Redis, so the health check does not stop a standby that waits its turn.
/// </summary>
public sealed partial class OrchestratorHealthFile : IDisposable
{
    private readonly OrchestratorRunner _runner;
    private readonly HealthFile _file;
    private readonly ILogger<OrchestratorHealthFile> _logger;
    private readonly Lock _gate = new();
    private bool _failing;

    /// <summary>Starts touching <paramref name="path"/> on the runner's events; dispose to stop.</summary>
    public OrchestratorHealthFile(OrchestratorRunner runner, string path, ILogger<OrchestratorHealthFile> logger)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(logger);
        _runner = runner;
        _file = new HealthFile(path);
        _logger = logger;
        _runner.PassCompleted += OnPassCompleted;
        _runner.LeaderLeaseChecked += OnLeaderLeaseChecked;
    }

    /// <summary>Stops touching the file; the file stays, and its age makes the check fail within its window.</summary>
    public void Dispose()
    {
        _runner.PassCompleted -= OnPassCompleted;
        _runner.LeaderLeaseChecked -= OnLeaderLeaseChecked;
    }

    private void OnPassCompleted(object? sender, ReconcileResult result) => Touch();

    private void OnLeaderLeaseChecked(object? sender, EventArgs args) => Touch();

    private void Touch()
    {
        lock (_gate)
        {
            try
            {
                _file.Touch();
                if (_failing)
                {
                    _failing = false;
                    LogTouchRecovered(_file.Path);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Logged once per run of failures: the check reports the stale file, and the log gives the reason.
                if (!_failing)
                {
                    _failing = true;
                    LogTouchFailed(_file.Path, exception);
                }
            }
        }
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Error, Message = "Touching health file {Path} failed; the container health check fails until a touch succeeds")]
    private partial void LogTouchFailed(string path, Exception exception);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "Touched health file {Path} again after failures")]
    private partial void LogTouchRecovered(string path);
}

using System.Threading.Channels;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// Runs reconcile passes for one leadership term: on a timer, on spec changes from the state watch, and at once when
/// the launcher reports a task exit. Passes run one at a time; a failed pass backs off exponentially with jitter.
/// </summary>
public sealed partial class ReconcileLoop(
    ShardReconciler reconciler, IClusterStateStore state, IShardLauncher launcher, OrchestratorOptions options, TimeProvider timeProvider, ILogger logger)
{
    private static readonly Func<ILogger, string, long, long, IDisposable?> PassScope =
        LoggerMessage.DefineScope<string, long, long>("cluster {Cluster} pass {Pass} leader fence {FencingToken}");

    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised after every pass with its result; the CLI's live display and tests observe it.</summary>
    public event EventHandler<ReconcileResult>? PassCompleted;

    /// <summary>Asks for a pass as soon as the current one ends.</summary>
    public void Trigger() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Reconciles until <paramref name="cancellationToken"/> fires or a pass returns Terminal.</summary>
    /// <param name="leaderFencingToken">The fencing token of the leader lease held for this term.</param>
    /// <param name="cancellationToken">Fires when the term ends.</param>
    public async Task RunAsync(long leaderFencingToken, CancellationToken cancellationToken)
    {
        void OnExit(object? sender, ShardTaskExit exit)
        {
            reconciler.OnTaskExited(exit);
            Trigger();
        }

        launcher.TaskExited += OnExit;
        await using var watch = await state.WatchAsync(cancellationToken);
        var watching = WatchSpecAsync(watch, cancellationToken);
        try
        {
            await RunPassesAsync(leaderFencingToken, cancellationToken);
        }
        finally
        {
            launcher.TaskExited -= OnExit;
            await watch.DisposeAsync();
            await watching;
        }
    }

    private async Task RunPassesAsync(long leaderFencingToken, CancellationToken cancellationToken)
    {
        long pass = 0;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            pass++;
            ReconcileResult result;
            using (PassScope(logger, options.Cluster, pass, leaderFencingToken))
            {
                result = await RunPassAsync(leaderFencingToken, cancellationToken);
                LogPass(result.Outcome, result.Message);
            }

            PassCompleted?.Invoke(this, result);
            TimeSpan delay;
            switch (result.Outcome)
            {
                case ReconcileOutcome.Terminal:
                    return;
                case ReconcileOutcome.Backoff:
                    failures++;
                    delay = BackoffDelay(failures);
                    LogBackoff(delay.TotalMilliseconds, failures);
                    break;
                case ReconcileOutcome.RequeueAfter:
                    failures = 0;
                    delay = result.Delay;
                    break;
                default:
                    failures = 0;
                    delay = options.ResyncInterval;
                    break;
            }

            await WaitAsync(delay, cancellationToken);
        }
    }

    private async Task<ReconcileResult> RunPassAsync(long leaderFencingToken, CancellationToken cancellationToken)
    {
        try
        {
            return await reconciler.ReconcileAsync(leaderFencingToken, cancellationToken);
        }
        catch (LeadershipLostException exception)
        {
            return ReconcileResult.Stop(exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ReconcileResult.Stop("the leadership term ended");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPassFailed(exception);
            return ReconcileResult.Retry(exception is CoordinationUnavailableException ? "Redis is unreachable" : exception.Message);
        }
    }

    private TimeSpan BackoffDelay(int failures)
    {
        var capped = Math.Min(options.RestartBackoffMax.TotalMilliseconds, options.ProgressInterval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var delayTask = Task.Delay(delay, timeProvider, timeout.Token);
            var wakeUp = _wakeUps.Reader.WaitToReadAsync(timeout.Token).AsTask();
            await Task.WhenAny(delayTask, wakeUp);
            await timeout.CancelAsync();
            _wakeUps.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The term ended; the loop condition stops.
        }
    }

    private async Task WatchSpecAsync(ClusterStateWatch watch, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in watch.ReadAllAsync(cancellationToken))
            {
                if (change.Kind == ClusterStateChangeKind.Spec)
                {
                    Trigger();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The term ended.
        }
    }

    [LoggerMessage(EventId = 8221, Level = LogLevel.Debug, Message = "Reconcile pass: {Outcome} ({Message})")]
    private partial void LogPass(ReconcileOutcome outcome, string message);

    [LoggerMessage(EventId = 8222, Level = LogLevel.Warning, Message = "Reconcile pass failed")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(EventId = 8223, Level = LogLevel.Warning, Message = "Next reconcile pass in {DelayMs} ms after {Failures} failed passes")]
    private partial void LogBackoff(double delayMs, int failures);
}

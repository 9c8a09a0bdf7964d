using Microsoft.Extensions.Logging;
using System.Net.WebSockets;

namespace Alyx.Discord.Gateway;

/// <summary>The connection loop: one connection after another until a stop or a fatal failure, with the state changes.</summary>
public sealed partial class GatewayShard
{
    private async Task RunAsync()
    {
        var failuresInRow = 0;
        var resumeFailures = 0;
        var delayBeforeIdentify = false;

        // A handed-over session may belong to a gateway that no longer exists (a stopped emulator, another bot), so
        // one failed resume is enough to give it up. A session of this shard's own gets more tries.
        var resumeLimit = _options.InitialSession is null ? _options.MaxResumeAttempts : 1;
        while (!_stopRequested)
        {
            if (_options.SendGuard is { } guard && !guard())
            {
                LogSendGuardStopped(ShardId);
                _stopRequested = true;
                break;
            }

            var resume = Session is not null;
            ConnectionOutcome outcome;
            try
            {
                outcome = await RunConnectionAsync(resume, delayBeforeIdentify, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or System.Text.Json.JsonException or InvalidDataException)
            {
                LogConnectionError(ShardId, ex);
                outcome = new ConnectionOutcome(resume ? CloseAction.Resume : CloseAction.NewSession, ex.Message);
            }
#pragma warning disable CA1031 // The loop must outlive any bug in one connection; it logs the error and reconnects with backoff.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogUnexpectedError(ShardId, ex);
                outcome = new ConnectionOutcome(resume ? CloseAction.Resume : CloseAction.NewSession, $"unexpected error: {ex.Message}");
            }

            delayBeforeIdentify = outcome.InvalidSessionDelay;
            if (outcome.Action == CloseAction.Fatal)
            {
                // Every Fatal outcome is built with its failure.
                Fail(outcome.Failure!);
                return;
            }

            if (outcome.Action == CloseAction.NewSession)
            {
                ClearSession();
            }

            resumeFailures = resume && !outcome.ReachedReady && outcome.Action == CloseAction.Resume ? resumeFailures + 1 : 0;
            if (resumeFailures >= resumeLimit && Session is { } failed && !_stopRequested)
            {
                LogResumeAbandoned(ShardId, failed.SessionId, resumeFailures, outcome.Reason);
                ClearSession();
                resumeFailures = 0;
            }

            if (outcome.ReachedReady)
            {
                resumeLimit = _options.MaxResumeAttempts;
            }

            if (_stopRequested)
            {
                break;
            }

            SetState(ShardState.Disconnected, outcome.Reason);
            failuresInRow = outcome.ReachedReady ? 0 : failuresInRow + 1;
            var backoff = ReconnectBackoff(failuresInRow);
            LogReconnecting(ShardId, outcome.Action, outcome.Reason, backoff);
            try
            {
                await Task.Delay(backoff, _timeProvider, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        SetState(ShardState.Disconnected, "stopped");
    }

    /// <summary>Capped exponential backoff with full jitter; the first retry after a working connection is immediate.</summary>
    private TimeSpan ReconnectBackoff(int failuresInRow)
    {
        if (failuresInRow <= 1)
        {
            return TimeSpan.Zero;
        }

        var cap = Math.Min(_options.ReconnectBackoffMax.Ticks, _options.ReconnectBackoffBase.Ticks * (1L << Math.Min(failuresInRow - 2, 20)));
        return TimeSpan.FromTicks((long)(cap * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    private void ClearSession()
    {
        lock (_stateLock)
        {
            _sessionId = null;
            _resumeUrl = null;
            _sequence = 0;
        }
    }

    private void Fail(GatewayFailure failure)
    {
        lock (_stateLock)
        {
            _failure = failure;
        }

        LogFatal(ShardId, failure.Kind, failure.CloseCode, failure.Message);
        SetState(ShardState.Failed, failure.Message, failure);
        _ready.TrySetException(new GatewayFailureException(ShardId, failure));
    }

    private void SetState(ShardState state, string reason, GatewayFailure? failure = null)
    {
        ShardState previous;
        lock (_stateLock)
        {
            previous = _state;
            if (previous == state || previous == ShardState.Failed)
            {
                return;
            }

            _state = state;
            if (state == ShardState.Ready)
            {
                _ready.TrySetResult();
            }
            else if (previous == ShardState.Ready)
            {
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        LogStateChanged(ShardId, previous, state, reason);
        try
        {
            StateChanged?.Invoke(this, new ShardStateChangedEventArgs(ShardId, previous, state, reason, failure));
        }
#pragma warning disable CA1031 // A subscriber's bug must not break the connection loop; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFailed(ShardId, "StateChanged", ex);
        }
    }

    [LoggerMessage(EventId = 3120, Level = LogLevel.Warning, Message = "Shard {ShardId}: the send guard refused; stopping without sending")]
    private partial void LogSendGuardStopped(int shardId);
}

using System.Buffers;
using System.Net.WebSockets;
using Alyx.Abstractions.Sharding;

namespace Alyx.Discord.Gateway;

/// <summary>The life of one WebSocket connection: HELLO, identify or resume, heartbeats and the receive loop.</summary>
public sealed partial class GatewayShard
{
    private async Task<ConnectionOutcome> RunConnectionAsync(bool resume, bool delayBeforeIdentify, CancellationToken stoppingToken)
    {
        using var connectionCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var token = connectionCancellation.Token;
        var session = Session;
        var baseUrl = resume && session is not null ? new Uri(session.ResumeGatewayUrl) : _options.GatewayUrl;
        SetState(ShardState.Connecting, resume ? "connecting to resume" : "connecting to identify");

        var socket = new ClientWebSocket();
        using var connection = new GatewayConnection(socket, _options.Compression, _timeProvider);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token))
        {
            // An address that drops packets would otherwise hold the connect for the operating system's TCP timeout.
            connectTimeout.CancelAfter(_options.HelloTimeout);
            try
            {
                await socket.ConnectAsync(BuildUrl(baseUrl), connectTimeout.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {baseUrl.GetLeftPart(UriPartial.Authority)} timed out after {_options.HelloTimeout}.");
            }
        }

        _connection = connection;
        Task receive = Task.CompletedTask;
        Task heartbeat = Task.CompletedTask;
        try
        {
            var receiveLoop = ReceiveLoopAsync(connection, token);
            receive = receiveLoop;
            _ = receive.ContinueWith(CancelQuietly, connectionCancellation, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

            TimeSpan interval;
            try
            {
                interval = await connection.Hello.Task.WaitAsync(_options.HelloTimeout, _timeProvider, token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && receive.IsCompleted)
            {
                return await receiveLoop;
            }

            var heartbeatLoop = HeartbeatLoopAsync(connection, interval, token);
            heartbeat = heartbeatLoop;
            _ = heartbeat.ContinueWith(CancelQuietly, connectionCancellation, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

            try
            {
                if (resume && session is not null)
                {
                    SetState(ShardState.Resuming, $"resuming session at sequence {session.Sequence}");
                    EnsureSendAllowed(connection);
                    await connection.SendAsync(GatewayOpcodes.Resume, GatewayPayloadWriter.Resume(_options.Token, session), control: true, token);
                    LogIdentified(ShardId, "RESUME", -1, TimeSpan.Zero);
                }
                else
                {
                    SetState(ShardState.Identifying, "waiting at the identify gate");
                    if (delayBeforeIdentify)
                    {
                        await Task.Delay(RandomBetween(_options.InvalidSessionDelayMin, _options.InvalidSessionDelayMax), _timeProvider, token);
                    }

                    IdentifyGrant grant;
                    try
                    {
                        grant = await IdentifyWithinGrantAsync(connection, token);
                    }
                    catch (SessionStartBudgetExhaustedException ex)
                    {
                        await connection.CloseAsync(1000, "no session starts left");
                        return new ConnectionOutcome(CloseAction.Fatal, ex.Message, new GatewayFailure(GatewayFailureKind.SessionStartBudgetExhausted, null, ex.Message));
                    }

                    LogIdentified(ShardId, "IDENTIFY", grant.Bucket, grant.Waited);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && (receive.IsCompleted || heartbeat.IsCompleted))
            {
                // The connection ended while identifying, and its outcome decides what happens next.
            }

            // The receive loop comes first, so it wins when both loops have ended by the time WhenAny looks.
            var first = await Task.WhenAny(receiveLoop, heartbeatLoop);
            return await first;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new ConnectionOutcome(CloseAction.Resume, "stopped");
        }
        finally
        {
            _connection = null;
            await connectionCancellation.CancelAsync();

            // Both loops must be done with the socket before it is disposed; their outcomes were read above or are moot.
            await Task.WhenAll(receive, heartbeat).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Waits for a grant and sends IDENTIFY before its send deadline, checked under the send lock right before the
    /// bytes go out. A grant whose deadline passed first (a busy thread pool, a heartbeat holding the lock) is dropped
    /// and the shard waits again, because its IDENTIFY could reach Discord less than a window before the bucket's
    /// next one. Returns the grant the IDENTIFY used.
    /// </summary>
    private async Task<IdentifyGrant> IdentifyWithinGrantAsync(GatewayConnection connection, CancellationToken cancellationToken)
    {
        var payload = GatewayPayloadWriter.Identify(_options);
        while (true)
        {
            var grant = await _identifyGate.WaitForTurnAsync(ShardId, cancellationToken);
            EnsureSendAllowed(connection);
            var expiredBy = TimeSpan.Zero;
            bool BeforeDeadline()
            {
                expiredBy = grant.SendBy is { } sendBy ? _timeProvider.GetUtcNow() - sendBy : TimeSpan.Zero;
                return expiredBy <= TimeSpan.Zero;
            }

            if (await connection.TrySendAsync(GatewayOpcodes.Identify, payload, control: true, BeforeDeadline, cancellationToken))
            {
                return grant;
            }

            // NOTE: the spent grant's session start stays counted by the gate until the budget is read again.
            LogIdentifyGrantExpired(ShardId, grant.Bucket, expiredBy.TotalMilliseconds);
        }
    }

    private async Task<ConnectionOutcome> HeartbeatLoopAsync(GatewayConnection connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks((long)(interval.Ticks * Random.Shared.NextDouble()));
        try
        {
            while (true)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken);
                wait = interval;
                if (!connection.HeartbeatAcknowledged)
                {
                    LogZombie(ShardId);
                    connection.AbortReason = "zombie connection: no heartbeat ACK";
                    connection.Socket.Abort();
                    return new ConnectionOutcome(CloseAction.Resume, "zombie connection: no heartbeat ACK");
                }

                EnsureSendAllowed(connection);
                connection.HeartbeatAcknowledged = false;
                connection.LastHeartbeatSent = _timeProvider.GetTimestamp();
                await connection.SendAsync(GatewayOpcodes.Heartbeat, GatewayPayloadWriter.Heartbeat(CurrentSequence()), control: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop owns the outcome of a connection that ends for any other reason; this one never wins WhenAny then.
            await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            return new ConnectionOutcome(CloseAction.Resume, "heartbeat stopped");
        }
    }

    private async Task<ConnectionOutcome> ReceiveLoopAsync(GatewayConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var reachedReady = false;
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await connection.Socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var code = (int?)connection.Socket.CloseStatus ?? 1005;
                    return OutcomeForClose(code, connection.Socket.CloseStatusDescription, reachedReady);
                }

                byte[] payload;
                if (result.MessageType == WebSocketMessageType.Binary && connection.Inflater is { } inflater)
                {
                    if (!inflater.TryInflate(buffer.WrittenSpan, out payload))
                    {
                        continue;
                    }
                }
                else
                {
                    payload = buffer.WrittenSpan.ToArray();
                }

                var outcome = await HandleFrameAsync(connection, GatewayFrameReader.Read(payload), cancellationToken);
                reachedReady |= State == ShardState.Ready;
                if (outcome is not null)
                {
                    return outcome with { ReachedReady = reachedReady };
                }
            }
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested && connection.AbortReason is null)
        {
            return new ConnectionOutcome(CloseAction.Resume, $"connection dropped: {ex.Message}", ReachedReady: reachedReady);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException && !_stopping.IsCancellationRequested)
        {
            // Socket.Abort (zombie detection) or the end of the connection's other loop ends a pending receive with
            // one of these, depending on timing; the session stays resumable either way.
            return new ConnectionOutcome(CloseAction.Resume, connection.AbortReason ?? "connection closed by the client", ReachedReady: reachedReady);
        }
    }

    private ConnectionOutcome OutcomeForClose(int code, string? description, bool reachedReady)
    {
        var reason = $"gateway closed the connection with {code} {description}".TrimEnd();
        var action = GatewayCloseCodes.ActionFor(code);
        return action == CloseAction.Fatal
            ? new ConnectionOutcome(action, reason, GatewayFailure.FromCloseCode(code, ShardId, ShardCount))
            : new ConnectionOutcome(action, reason, ReachedReady: reachedReady);
    }

    private int? CurrentSequence()
    {
        var sequence = Volatile.Read(ref _sequence);
        return sequence == 0 ? null : sequence;
    }

    private Uri BuildUrl(Uri baseUrl)
    {
        var builder = new UriBuilder(baseUrl)
        {
            Query = _options.Compression ? "v=10&encoding=json&compress=zlib-stream" : "v=10&encoding=json",
        };
        return builder.Uri;
    }

    /// <summary>Ends the connection when one of its loops ends; the source may be disposed already when the connection ended first.</summary>
    private static void CancelQuietly(Task finished, object? source)
    {
        try
        {
            // ContinueWith passes the state given to it, which is always the connection's source.
            ((CancellationTokenSource)source!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection is over already.
        }
    }

    private static TimeSpan RandomBetween(TimeSpan min, TimeSpan max) =>
        min + TimeSpan.FromTicks((long)((max - min).Ticks * Random.Shared.NextDouble()));

    /// <summary>
    /// Applies <see cref="GatewayShardOptions.SendGuard"/>: on refusal it drops the socket, stops the shard and throws
    /// the stop token's cancellation, which every loop treats as a requested stop.
    /// </summary>
    private void EnsureSendAllowed(GatewayConnection connection)
    {
        if (_options.SendGuard is not { } guard || guard())
        {
            return;
        }

        LogSendGuardStopped(ShardId);
        _stopRequested = true;
        connection.Socket.Abort();
        _stopping.Cancel();
        throw new OperationCanceledException(_stopping.Token);
    }
}

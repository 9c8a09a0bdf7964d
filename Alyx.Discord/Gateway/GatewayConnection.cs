using System.Net.WebSockets;

namespace Alyx.Discord.Gateway;

/// <summary>
/// One WebSocket connection of a shard: the socket, its inflate context, its send limit and its heartbeat state.
/// A reconnect creates a new instance, so nothing of the old stream or limit carries over.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewaySendLimiter _limiter;

    public GatewayConnection(ClientWebSocket socket, bool compressed, TimeProvider timeProvider)
    {
        Socket = socket;
        Inflater = compressed ? new ZlibStreamInflater() : null;
        _limiter = new GatewaySendLimiter(timeProvider);
    }

    public ClientWebSocket Socket { get; }

    public ZlibStreamInflater? Inflater { get; }

    public TaskCompletionSource<TimeSpan> Hello { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the last heartbeat was acknowledged. It starts true, so the first beat is always sent.</summary>
    public volatile bool HeartbeatAcknowledged = true;

    /// <summary>Why this client aborted the socket, or null when it did not.</summary>
    public volatile string? AbortReason;

    /// <summary>Timestamp (TimeProvider ticks) of the last heartbeat sent.</summary>
    public long LastHeartbeatSent;

    /// <summary>
    /// Sends one payload after checking the 4096-byte limit and waiting for a slot of the 120-per-60-s limit.
    /// Control payloads (heartbeat, identify, resume) may use the slots that ordinary payloads leave free.
    /// </summary>
    public async ValueTask SendAsync(int opcode, byte[] payload, bool control, CancellationToken cancellationToken) =>
        await TrySendAsync(opcode, payload, control, null, cancellationToken);

    /// <summary>
    /// Sends like <see cref="SendAsync"/>, but only if <paramref name="stillValid"/> returns true once the send lock
    /// is held, right before the bytes go out; returns false when it did not send.
    /// </summary>
    public async ValueTask<bool> TrySendAsync(int opcode, byte[] payload, bool control, Func<bool>? stillValid, CancellationToken cancellationToken)
    {
        if (payload.Length > GatewaySendLimiter.MaxPayloadBytes)
        {
            throw new GatewayPayloadTooLargeException(opcode, payload.Length);
        }

        await _limiter.WaitAsync(control, cancellationToken);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (stillValid is not null && !stillValid())
            {
                return false;
            }

            await Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Starts the closing handshake with <paramref name="closeCode"/>, giving up after a short wait.</summary>
    public async Task CloseAsync(int closeCode, string reason)
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or slow; the caller aborts the socket next, which has the same effect on the session.
        }
    }

    public void Dispose()
    {
        Socket.Abort();
        Socket.Dispose();
        Inflater?.Dispose();
        _sendLock.Dispose();
    }
}

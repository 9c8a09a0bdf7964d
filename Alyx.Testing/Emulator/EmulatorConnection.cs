using System.IO.Compression;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Alyx.Testing.Emulator;

/// <summary>
/// One client connection to the emulated gateway. Every outgoing payload goes through one queue and one writer, so
/// payloads leave in the order they were queued and the zlib stream sees them in that order too.
/// </summary>
internal sealed class EmulatorConnection : IDisposable
{
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MemoryStream? _compressed;
    private readonly ZLibStream? _zlib;

    public EmulatorConnection(int id, WebSocket socket, bool compress, long connectedAt)
    {
        Id = id;
        Socket = socket;
        ConnectedAt = connectedAt;
        LastHeartbeat = connectedAt;
        if (compress)
        {
            _compressed = new MemoryStream();
            _zlib = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
        }
    }

    public int Id { get; }

    public WebSocket Socket { get; }

    public long ConnectedAt { get; }

    // The fields below are guarded by the emulator's state lock.
    public EmulatorSession? Session { get; set; }

    public bool Identified { get; set; }

    public long LastHeartbeat { get; set; }

    public bool AckHeartbeats { get; set; } = true;

    /// <summary>Index of this connection's open live period in the stats, or -1.</summary>
    public int LivePeriod { get; set; } = -1;

    public long LiveSince { get; set; }

    public bool Closed { get; set; }

    /// <summary>Receive times (TimeProvider ticks) inside the last 60 seconds, for the 120-per-60-s limit.</summary>
    public Queue<long> Received { get; } = new();

    public void Enqueue(byte[] payload) => _outgoing.Writer.TryWrite(new Outgoing(payload, null, null));

    public void EnqueueClose(int code, string reason) => _outgoing.Writer.TryWrite(new Outgoing(null, code, reason));

    public void Complete() => _outgoing.Writer.TryComplete();

    public void Abort()
    {
        _outgoing.Writer.TryComplete();
        Socket.Abort();
    }

    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Payload is { } payload)
                {
                    if (_zlib is not null && _compressed is not null)
                    {
                        // Flush performs a Z_SYNC_FLUSH, so each payload ends with 00 00 ff ff as Discord's do.
                        _zlib.Write(payload);
                        _zlib.Flush();
                        var frame = _compressed.ToArray();
                        _compressed.SetLength(0);
                        await Socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);
                    }
                    else
                    {
                        await Socket.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken);
                    }
                }
                else if (item.CloseCode is { } code)
                {
                    if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync((WebSocketCloseStatus)code, item.CloseReason, cancellationToken);
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; the receive loop records the close.
        }
    }

    public void Dispose()
    {
        _zlib?.Dispose();
        _compressed?.Dispose();
        Socket.Dispose();
    }

    private sealed record Outgoing(byte[]? Payload, int? CloseCode, string? CloseReason);
}

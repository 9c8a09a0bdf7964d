using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Alyx.Testing.Tests.Support;

/// <summary>A bare WebSocket client that sends and reads gateway JSON by hand, to test the emulator without Alyx's client.</summary>
public sealed class RawGatewayClient : IAsyncDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    public int? CloseCode { get; private set; }

    public static async Task<RawGatewayClient> ConnectAsync(Uri gateway, string query = "v=10&encoding=json")
    {
        var client = new RawGatewayClient();
        await client._socket.ConnectAsync(new Uri($"{gateway}?{query}"), CancellationToken.None);
        return client;
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task IdentifyAsync(string token, int shardId, int shardCount, int intents = 1) =>
        SendAsync($$$"""{"op":2,"d":{"token":"{{{token}}}","intents":{{{intents}}},"properties":{"os":"linux","browser":"test","device":"test"},"shard":[{{{shardId}}},{{{shardCount}}}]}}""");

    /// <summary>Returns the next payload, or null when the server closed the connection (see <see cref="CloseCode"/>).</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseCode = (int?)_socket.CloseStatus;
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                return document.RootElement.Clone();
            }
        }
    }

    /// <summary>Reads payloads until one matches; returns null when the connection closes first.</summary>
    public async Task<JsonElement?> ReceiveUntilAsync(Func<JsonElement, bool> match)
    {
        while (await ReceiveAsync() is { } payload)
        {
            if (match(payload))
            {
                return payload;
            }
        }

        return null;
    }

    public Task<JsonElement?> ReceiveDispatchAsync(string name) =>
        ReceiveUntilAsync(p => p.GetProperty("op").GetInt32() == 0 && p.GetProperty("t").GetString() == name);

    public Task<JsonElement?> ReceiveOpAsync(int op) => ReceiveUntilAsync(p => p.GetProperty("op").GetInt32() == op);

    /// <summary>Reads until the server closes and returns its close code.</summary>
    public async Task<int?> ReceiveCloseAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return CloseCode;
    }

    public async Task CloseAsync(int code)
    {
        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, "test", CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

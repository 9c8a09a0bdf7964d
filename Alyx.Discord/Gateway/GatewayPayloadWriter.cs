using System.Buffers;
using System.Text.Json;
using Alyx.Discord.Json;

namespace Alyx.Discord.Gateway;

/// <summary>Writes the payloads a shard sends, as UTF-8 JSON.</summary>
internal static class GatewayPayloadWriter
{
    public static byte[] Heartbeat(int? sequence) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcodes.Heartbeat);
        if (sequence is { } s)
        {
            writer.WriteNumber("d", s);
        }
        else
        {
            writer.WriteNull("d");
        }
    });

    public static byte[] Identify(GatewayShardOptions options) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcodes.Identify);
        writer.WriteStartObject("d");
        writer.WriteString("token", options.Token);
        writer.WriteNumber("intents", (int)options.Intents);
        writer.WriteStartObject("properties");
        writer.WriteString("os", Environment.OSVersion.Platform.ToString().ToLowerInvariant());
        writer.WriteString("browser", options.LibraryName);
        writer.WriteString("device", options.LibraryName);
        writer.WriteEndObject();
        writer.WriteBoolean("compress", false);
        writer.WriteNumber("large_threshold", options.LargeThreshold);
        writer.WriteStartArray("shard");
        writer.WriteNumberValue(options.ShardId);
        writer.WriteNumberValue(options.ShardCount);
        writer.WriteEndArray();
        if (options.Presence is { } presence)
        {
            writer.WritePropertyName("presence");
            JsonSerializer.Serialize(writer, presence, DiscordJsonContext.Default.GatewayPresence);
        }

        writer.WriteEndObject();
    });

    public static byte[] Resume(string token, GatewaySession session) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcodes.Resume);
        writer.WriteStartObject("d");
        writer.WriteString("token", token);
        writer.WriteString("session_id", session.SessionId);
        writer.WriteNumber("seq", session.Sequence);
        writer.WriteEndObject();
    });

    public static byte[] Payload(int opcode, ReadOnlySpan<byte> utf8Data)
    {
        var buffer = new ArrayBufferWriter<byte>(utf8Data.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", opcode);
            writer.WritePropertyName("d");
            writer.WriteRawValue(utf8Data);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

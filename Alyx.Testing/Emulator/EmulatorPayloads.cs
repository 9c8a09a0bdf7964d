using System.Buffers;
using System.Text.Json;

namespace Alyx.Testing.Emulator;

/// <summary>Builds the JSON payloads the emulated gateway sends.</summary>
internal static class EmulatorPayloads
{
    public static byte[] Hello(TimeSpan heartbeatInterval) => Write(writer =>
    {
        writer.WriteNumber("op", 10);
        writer.WriteStartObject("d");
        writer.WriteNumber("heartbeat_interval", (long)heartbeatInterval.TotalMilliseconds);
        writer.WriteEndObject();
    });

    public static byte[] HeartbeatAck() => """{"op":11}"""u8.ToArray();

    public static byte[] Reconnect() => """{"op":7,"d":null}"""u8.ToArray();

    public static byte[] InvalidSession(bool resumable) => resumable ? """{"op":9,"d":true}"""u8.ToArray() : """{"op":9,"d":false}"""u8.ToArray();

    public static byte[] Dispatch(string name, int sequence, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", 0);
            writer.WriteString("t", name);
            writer.WriteNumber("s", sequence);
            writer.WritePropertyName("d");
            writer.WriteRawValue(data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Ready(EmulatorSession session, string resumeUrl, ulong botUserId, ulong applicationId) => Write(writer =>
    {
        writer.WriteNumber("v", 10);
        writer.WriteStartObject("user");
        writer.WriteString("id", botUserId.ToString());
        writer.WriteString("username", "alyx-emulator");
        writer.WriteString("discriminator", "0");
        writer.WriteBoolean("bot", true);
        writer.WriteEndObject();
        writer.WriteStartArray("guilds");
        foreach (var guildId in session.GuildIds)
        {
            writer.WriteStartObject();
            writer.WriteString("id", guildId.ToString());
            writer.WriteBoolean("unavailable", true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("session_id", session.SessionId);
        writer.WriteString("resume_gateway_url", resumeUrl);
        writer.WriteStartArray("shard");
        writer.WriteNumberValue(session.ShardId);
        writer.WriteNumberValue(session.ShardCount);
        writer.WriteEndArray();
        writer.WriteStartObject("application");
        writer.WriteString("id", applicationId.ToString());
        writer.WriteNumber("flags", 0);
        writer.WriteEndObject();
        writer.WriteStartArray("private_channels");
        writer.WriteEndArray();
    });

    public static byte[] GuildCreate(ulong guildId, int index, ulong ownerId, DateTimeOffset joinedAt) => Write(writer =>
    {
        writer.WriteString("id", guildId.ToString());
        writer.WriteString("name", $"Emulated guild {index}");
        writer.WriteBoolean("unavailable", false);
        writer.WriteNumber("member_count", 2);
        writer.WriteString("owner_id", ownerId.ToString());
        writer.WriteBoolean("large", false);
        writer.WriteString("joined_at", joinedAt);
        writer.WriteStartArray("channels");
        writer.WriteEndArray();
        writer.WriteStartArray("roles");
        writer.WriteEndArray();
        writer.WriteStartArray("members");
        writer.WriteEndArray();
    });

    public static byte[] Resumed() => Write(writer =>
    {
        writer.WriteStartArray("_trace");
        writer.WriteStringValue("alyx-emulator");
        writer.WriteEndArray();
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

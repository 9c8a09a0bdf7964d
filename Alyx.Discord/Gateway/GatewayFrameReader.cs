using System.Text.Json;

namespace Alyx.Discord.Gateway;

/// <summary>Parses the envelope of a JSON gateway payload without deserializing its <c>d</c> field.</summary>
public static class GatewayFrameReader
{
    private static readonly ReadOnlyMemory<byte> JsonNull = "null"u8.ToArray();

    /// <summary>
    /// Reads the envelope of one payload. <see cref="GatewayFrame.Data"/> is a slice of <paramref name="utf8Json"/>,
    /// so the caller must not reuse that buffer while the frame is in use.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a JSON object with an integer <c>op</c>.</exception>
    public static GatewayFrame Read(ReadOnlyMemory<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A gateway payload must be a JSON object.");
        }

        int? opcode = null;
        int? sequence = null;
        string? eventName = null;
        var data = JsonNull;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                opcode = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                sequence = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                eventName = reader.TokenType == JsonTokenType.Null ? null : DispatchEventNames.Intern(ref reader);
            }
            else if (reader.ValueTextEquals("d"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                data = utf8Json[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (opcode is null)
        {
            throw new JsonException("The gateway payload has no \"op\" field.");
        }

        return new GatewayFrame(opcode.Value, sequence, eventName, data);
    }
}

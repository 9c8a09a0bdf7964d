using System.Globalization;
using System.Text.Json;
using Alyx.Discord.Events;
using Alyx.Discord.Gateway;

namespace Alyx.Shard.Cutover;

/// <summary>
/// The position of an event on the shared clock: the creation time in the snowflake <c>d.id</c> of events that create
/// a new object with that id (MESSAGE_CREATE, INTERACTION_CREATE), which is the same for every shard set; null for other
/// events, which the caller places at their arrival time.
/// </summary>
public static class EventPosition
{
    /// <summary>Returns the snowflake time of the event, or null when the event has none or its JSON contains no id.</summary>
    public static DateTimeOffset? FromSnowflake(GatewayDispatch dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        // NOTE: other creation events (THREAD_CREATE, CHANNEL_CREATE and more) also carry a new snowflake in d.id, but
        // some of them are sent again for old objects (a thread the bot joins later), so they use their arrival time.
        if (dispatch.Name is not (DispatchEventNames.MessageCreate or DispatchEventNames.InteractionCreate))
        {
            return null;
        }

        try
        {
            return TopLevelId(dispatch.Data.Span) is { } id ? Snowflake.CreatedAt(id) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ulong? TopLevelId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                return reader.TokenType == JsonTokenType.String && ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
            }

            reader.Skip();
        }

        return null;
    }
}

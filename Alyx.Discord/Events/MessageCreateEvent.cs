using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>MESSAGE_CREATE: a message was posted.</summary>
/// <param name="Id">The message's snowflake.</param>
/// <param name="ChannelId">The channel's snowflake.</param>
/// <param name="GuildId">The guild's snowflake; absent in direct messages.</param>
/// <param name="Author">The author.</param>
/// <param name="Content">The text, empty without the MESSAGE_CONTENT intent (except DMs, mentions and own messages).</param>
/// <param name="Timestamp">When the message was sent.</param>
public sealed record MessageCreateEvent(
    [property: JsonNumberHandling(Snowflake.Handling)] ulong Id,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong ChannelId,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong? GuildId,
    DiscordUser Author,
    string Content,
    DateTimeOffset? Timestamp = null);

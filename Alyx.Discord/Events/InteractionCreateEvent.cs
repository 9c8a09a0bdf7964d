using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>INTERACTION_CREATE: a user invoked a command or component. Answer through the interaction callback route with <see cref="Token"/>.</summary>
/// <param name="Id">The interaction's snowflake.</param>
/// <param name="ApplicationId">The application's snowflake.</param>
/// <param name="Type">The interaction type: 1 ping, 2 application command, 3 message component, 4 autocomplete, 5 modal submit.</param>
/// <param name="Token">The continuation token, valid for 15 minutes.</param>
/// <param name="GuildId">The guild's snowflake; absent in direct messages.</param>
/// <param name="ChannelId">The channel's snowflake.</param>
/// <param name="Data">The command or component data, left as JSON because its shape depends on <see cref="Type"/>.</param>
public sealed record InteractionCreateEvent(
    [property: JsonNumberHandling(Snowflake.Handling)] ulong Id,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong ApplicationId,
    int Type,
    string Token,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong? GuildId = null,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong? ChannelId = null,
    JsonElement? Data = null);

using Alyx.Discord.Gateway;
using Abs = Alyx.Abstractions.Plugins.Events;
using DiscordEvents = Alyx.Discord.Events;

namespace Alyx.Shard.Plugins;

/// <summary>Turns the gateway's records into the plugin API's records, which must not depend on Alyx.Discord.</summary>
internal static class EventTranslator
{
    public const string Ready = DispatchEventNames.Ready;
    public const string GuildCreate = DispatchEventNames.GuildCreate;
    public const string GuildDelete = DispatchEventNames.GuildDelete;
    public const string MessageCreate = DispatchEventNames.MessageCreate;
    public const string InteractionCreate = DispatchEventNames.InteractionCreate;

    /// <summary>Returns the plugin record of a common event, or null for any other event.</summary>
    /// <exception cref="System.Text.Json.JsonException">The JSON does not match the event's record.</exception>
    public static object? Translate(GatewayDispatch dispatch) => dispatch.ToTypedEvent() switch
    {
        DiscordEvents.ReadyEvent ready => new Abs.ReadyEvent(ready.User.Id, ready.User.Username, ready.SessionId, ready.Guilds.Count),
        DiscordEvents.GuildCreateEvent guild => new Abs.GuildCreateEvent(guild.Id, guild.Name, guild.MemberCount),
        DiscordEvents.GuildDeleteEvent guild => new Abs.GuildDeleteEvent(guild.Id, guild.Unavailable == true),
        DiscordEvents.MessageCreateEvent message => new Abs.MessageCreateEvent(
            message.Id, message.ChannelId, message.GuildId, message.Author.Id, message.Author.Username, message.Author.Bot == true, message.Content),
        DiscordEvents.InteractionCreateEvent interaction => new Abs.InteractionCreateEvent(
            interaction.Id, interaction.Token, interaction.Type, interaction.GuildId, interaction.ChannelId, interaction.Data),
        _ => null,
    };
}

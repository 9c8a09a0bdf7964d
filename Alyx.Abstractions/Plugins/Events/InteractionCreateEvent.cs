using System.Text.Json;

namespace Alyx.Abstractions.Plugins.Events;

/// <summary>INTERACTION_CREATE: a user invoked a command or component.</summary>
/// <param name="InteractionId">The interaction id.</param>
/// <param name="Token">The token to answer with, valid for 15 minutes.</param>
/// <param name="Type">1 ping, 2 application command, 3 message component, 4 autocomplete, 5 modal submit.</param>
/// <param name="GuildId">The guild id; null in direct messages.</param>
/// <param name="ChannelId">The channel id, when sent.</param>
/// <param name="Data">The command or component data; its shape depends on <paramref name="Type"/>.</param>
public sealed record InteractionCreateEvent(ulong InteractionId, string Token, int Type, ulong? GuildId, ulong? ChannelId, JsonElement? Data);

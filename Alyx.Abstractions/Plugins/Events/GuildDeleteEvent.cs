namespace Alyx.Abstractions.Plugins.Events;

/// <summary>GUILD_DELETE: a guild became unavailable (an outage) or the bot left it.</summary>
/// <param name="GuildId">The guild id.</param>
/// <param name="Unavailable">True during an outage; false when the bot left or was removed.</param>
public sealed record GuildDeleteEvent(ulong GuildId, bool Unavailable);

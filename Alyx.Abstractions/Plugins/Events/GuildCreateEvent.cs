namespace Alyx.Abstractions.Plugins.Events;

/// <summary>GUILD_CREATE: a guild of this shard became available, or the bot joined it.</summary>
/// <param name="GuildId">The guild id.</param>
/// <param name="Name">The guild name, when sent.</param>
/// <param name="MemberCount">The member count, when sent.</param>
public sealed record GuildCreateEvent(ulong GuildId, string? Name, int? MemberCount);

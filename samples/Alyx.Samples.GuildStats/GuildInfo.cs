namespace Alyx.Samples.GuildStats;

/// <summary>What a shard knows of one of its guilds from GUILD_CREATE.</summary>
/// <param name="GuildId">The guild id.</param>
/// <param name="Name">The guild name.</param>
/// <param name="MemberCount">The member count.</param>
public sealed record GuildInfo(ulong GuildId, string? Name, int? MemberCount);

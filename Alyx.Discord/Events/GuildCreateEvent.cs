using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>GUILD_CREATE: a guild of this shard became available, or the bot joined it. Only the fields Alyx uses are typed; the raw JSON holds the rest.</summary>
/// <param name="Id">The guild's snowflake.</param>
/// <param name="Name">The guild name.</param>
/// <param name="Unavailable">Whether the guild is unavailable.</param>
/// <param name="MemberCount">The member count.</param>
/// <param name="OwnerId">The owner's snowflake.</param>
public sealed record GuildCreateEvent(
    [property: JsonNumberHandling(Snowflake.Handling)] ulong Id,
    string? Name = null,
    bool? Unavailable = null,
    int? MemberCount = null,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong? OwnerId = null);

using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>A guild listed in READY before its GUILD_CREATE arrives.</summary>
/// <param name="Id">The guild's snowflake.</param>
/// <param name="Unavailable">Whether the guild is unavailable, which READY always reports.</param>
public sealed record UnavailableGuild([property: JsonNumberHandling(Snowflake.Handling)] ulong Id, bool? Unavailable = true);

using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>GUILD_DELETE: a guild went unavailable (an outage) or the bot left it.</summary>
/// <param name="Id">The guild's snowflake.</param>
/// <param name="Unavailable"><see langword="true"/> during an outage; absent when the bot was removed.</param>
public sealed record GuildDeleteEvent([property: JsonNumberHandling(Snowflake.Handling)] ulong Id, bool? Unavailable = null)
{
    /// <summary>Whether the bot left or was removed from the guild, rather than the guild going through an outage.</summary>
    [JsonIgnore]
    public bool IsRemoval => Unavailable != true;
}

using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>A Discord user as events carry it.</summary>
/// <param name="Id">The user's snowflake.</param>
/// <param name="Username">The user name.</param>
/// <param name="GlobalName">The display name, when set.</param>
/// <param name="Bot">Whether the user is a bot.</param>
public sealed record DiscordUser(
    [property: JsonNumberHandling(Snowflake.Handling)] ulong Id,
    string Username,
    string? GlobalName = null,
    bool? Bot = null);

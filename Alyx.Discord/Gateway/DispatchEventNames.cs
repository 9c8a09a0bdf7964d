using System.Text.Json;

namespace Alyx.Discord.Gateway;

/// <summary>Names of the dispatch events that Alyx reads as typed records.</summary>
public static class DispatchEventNames
{
    /// <summary>The first event of a new session.</summary>
    public const string Ready = "READY";

    /// <summary>The last event of a resume, after the replayed events.</summary>
    public const string Resumed = "RESUMED";

    /// <summary>A guild became available, or the bot joined one.</summary>
    public const string GuildCreate = "GUILD_CREATE";

    /// <summary>A guild became unavailable, or the bot left or was removed from one.</summary>
    public const string GuildDelete = "GUILD_DELETE";

    /// <summary>A message was posted.</summary>
    public const string MessageCreate = "MESSAGE_CREATE";

    /// <summary>A user invoked a command or component.</summary>
    public const string InteractionCreate = "INTERACTION_CREATE";

    private static readonly string[] Common =
        [Ready, Resumed, GuildCreate, GuildDelete, MessageCreate, InteractionCreate, "MESSAGE_UPDATE", "MESSAGE_DELETE",
            "PRESENCE_UPDATE", "TYPING_START", "GUILD_MEMBER_UPDATE", "MESSAGE_REACTION_ADD"];

    private static readonly byte[][] CommonUtf8 = [.. Common.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Returns the string token under the reader, reusing one instance for common names to save an allocation per event.</summary>
    internal static string Intern(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < CommonUtf8.Length; i++)
        {
            if (reader.ValueTextEquals(CommonUtf8[i]))
            {
                return Common[i];
            }
        }

        // The caller excludes the JSON null token, the only one for which GetString returns null.
        return reader.GetString()!;
    }
}

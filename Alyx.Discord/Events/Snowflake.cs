using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>Discord sends snowflakes as JSON strings; Alyx holds them as <see cref="ulong"/>.</summary>
public static class Snowflake
{
    /// <summary>The number handling for snowflake properties: read from and written as strings.</summary>
    public const JsonNumberHandling Handling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString;

    /// <summary>Discord's epoch, 2015-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long DiscordEpochMilliseconds = 1_420_070_400_000;

    /// <summary>Returns the creation time encoded in the top 42 bits of a snowflake.</summary>
    public static DateTimeOffset CreatedAt(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMilliseconds);
}

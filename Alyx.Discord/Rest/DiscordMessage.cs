using System.Text.Json.Serialization;
using Alyx.Discord.Events;

namespace Alyx.Discord.Rest;

/// <summary>A message returned by the REST API, with the fields Alyx reads.</summary>
/// <param name="Id">The message's snowflake.</param>
/// <param name="ChannelId">The channel's snowflake.</param>
/// <param name="Content">The text.</param>
public sealed record DiscordMessage(
    [property: JsonNumberHandling(Snowflake.Handling)] ulong Id,
    [property: JsonNumberHandling(Snowflake.Handling)] ulong ChannelId,
    string Content);

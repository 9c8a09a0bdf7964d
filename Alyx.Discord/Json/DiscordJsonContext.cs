using System.Text.Json.Serialization;
using Alyx.Discord.Events;
using Alyx.Discord.Gateway;
using Alyx.Discord.Rest;

namespace Alyx.Discord.Json;

/// <summary>Source-generated JSON metadata for the Discord types, with Discord's snake_case names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(ResumedEvent))]
[JsonSerializable(typeof(GuildCreateEvent))]
[JsonSerializable(typeof(GuildDeleteEvent))]
[JsonSerializable(typeof(MessageCreateEvent))]
[JsonSerializable(typeof(InteractionCreateEvent))]
[JsonSerializable(typeof(GatewayPresence))]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(GatewayInfo))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(DiscordMessage))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Alyx.Coordination.Messaging;

/// <summary>Source-generated serializer of the envelope, so the hot path uses no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(MessageEnvelope))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;

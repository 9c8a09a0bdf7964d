using System.Text.Json.Serialization;

namespace Alyx.Coordination.Messaging;

/// <summary>The role of an envelope in a request/reply exchange.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageKind>))]
public enum MessageKind
{
    /// <summary>A request to one receiver, which sends one reply.</summary>
    Request,

    /// <summary>A request to every shard of a set, each of which sends one reply.</summary>
    Broadcast,

    /// <summary>The response to a request or broadcast, carrying a payload or an error.</summary>
    Reply,
}

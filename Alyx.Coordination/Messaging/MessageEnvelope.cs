using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// One message on the bus, serialized as JSON. The requester owns <see cref="CorrelationId"/> and
/// <see cref="Deadline"/>, and a reply copies both from its request.
/// </summary>
public sealed record MessageEnvelope
{
    /// <summary>The envelope format version this code writes and accepts.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The envelope format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The unique ID of this message. Redeliveries keep it, so receivers deduplicate on it.</summary>
    public required string MessageId { get; init; }

    /// <summary>The requester's ID of the exchange, shared by a request and its replies.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>Request, broadcast or reply.</summary>
    public required MessageKind Kind { get; init; }

    /// <summary>The route name of the handler.</summary>
    public required string Route { get; init; }

    /// <summary>The sender.</summary>
    public required MessageSource Source { get; init; }

    /// <summary>The receiver as the sender resolved it, or null on replies.</summary>
    public MessageDestination? Destination { get; init; }

    /// <summary>The requester's deadline in Unix milliseconds. Receivers drop the message after it.</summary>
    public required long DeadlineUnixMs { get; init; }

    /// <summary>The sender's attempt number for this message, starting at 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The fencing token of the sender's shard lease, or 0 when the sender holds none.</summary>
    /// <remarks>NOTE: receivers carry the token for logs and audits but do not yet reject stale ones.</remarks>
    public long FencingToken { get; init; }

    /// <summary>The JSON payload, or null when it is stored elsewhere or the reply carries an error.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>The key of a payload too large for the transport, stored in the payload store (claim check).</summary>
    public string? PayloadReference { get; init; }

    /// <summary>The failure of a reply, or null on success.</summary>
    public MessageError? Error { get; init; }

    /// <summary>The deadline as an instant.</summary>
    [JsonIgnore]
    public DateTimeOffset Deadline => DateTimeOffset.FromUnixTimeMilliseconds(DeadlineUnixMs);
}

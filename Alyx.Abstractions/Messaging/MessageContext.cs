namespace Alyx.Abstractions.Messaging;

/// <summary>
/// The request details a handler receives with the payload.
/// </summary>
/// <param name="MessageId">The ID of this message. A handler runs once per ID inside the deduplication window.</param>
/// <param name="CorrelationId">The requester's ID for the request, which its reply carries back.</param>
/// <param name="Route">The route name the request was sent to.</param>
/// <param name="Source">The sender, such as <c>shard 3</c> or <c>orchestrator</c>.</param>
/// <param name="Deadline">The instant after which the requester no longer waits for a reply.</param>
/// <param name="Attempt">The delivery attempt, starting at 1.</param>
public sealed record MessageContext(
    string MessageId,
    string CorrelationId,
    string Route,
    string Source,
    DateTimeOffset Deadline,
    int Attempt);

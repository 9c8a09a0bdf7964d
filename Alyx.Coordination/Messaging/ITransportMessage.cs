namespace Alyx.Coordination.Messaging;

/// <summary>
/// One delivery of a message from a transport. The receiver settles it exactly once, by
/// <see cref="AckAsync"/> or <see cref="DeadLetterAsync"/>. A delivery left unsettled when its subscription stops
/// (or its process dies) is delivered again, with a higher <see cref="DeliveryCount"/>.
/// </summary>
public interface ITransportMessage
{
    /// <summary>The raw message bytes as sent.</summary>
    ReadOnlyMemory<byte> Body { get; }

    /// <summary>How often the transport has delivered this message, starting at 1.</summary>
    int DeliveryCount { get; }

    /// <summary>Removes the message from the inbox for good.</summary>
    Task AckAsync(CancellationToken cancellationToken);

    /// <summary>Moves the message to the inbox's dead-letter queue, with the reason, and removes it from the inbox.</summary>
    Task DeadLetterAsync(string reason, CancellationToken cancellationToken);
}

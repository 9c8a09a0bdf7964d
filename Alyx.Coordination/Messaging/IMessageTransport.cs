namespace Alyx.Coordination.Messaging;

/// <summary>
/// Moves opaque message bodies between named inboxes with at-least-once delivery. An inbox outlives its
/// subscribers: a message sent while no subscriber listens waits until a subscriber comes or the transport's retention ends.
/// </summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>A short name for logs and benchmark tables, such as <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The largest body, in bytes, that <see cref="SendAsync"/> and <see cref="PublishAsync"/> accept. Senders store
    /// bigger payloads in an <see cref="IPayloadStore"/> and send a reference.
    /// </summary>
    int MaxBodyBytes { get; }

    /// <summary>Appends a message to an inbox, creating the inbox when it does not exist.</summary>
    Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Appends a message to every inbox that subscribed with broadcasts enabled.</summary>
    Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an inbox with the messages waiting in it and removes it from broadcasts. The inbox's dead-letter
    /// queue stays for inspection. Stop the inbox's subscriber first. Deleting a missing inbox succeeds.
    /// </summary>
    Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken);

    /// <summary>
    /// Starts delivering the messages of an inbox to <paramref name="onMessage"/>, one call at a time; the callback
    /// may settle a delivery later, from another thread. Only one subscription per inbox may be active.
    /// </summary>
    /// <param name="inbox">The inbox name: 1 to 64 letters, digits, '-' or '_'.</param>
    /// <param name="receiveBroadcasts">Whether the inbox also receives what <see cref="PublishAsync"/> sends, from
    /// now on and also while this subscription is stopped.</param>
    /// <param name="onMessage">Receives each delivery.</param>
    /// <param name="cancellationToken">Cancels the setup only.</param>
    /// <returns>Stops the deliveries when disposed; unsettled deliveries are delivered again later.</returns>
    Task<IAsyncDisposable> SubscribeAsync(
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken);
}

using System.Collections.Concurrent;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A transport inside one process, the embedded default: every messenger of the process shares one instance.
/// Inboxes are queues that outlive their subscribers, so a message sent to a shard that is restarting waits for
/// the next subscriber, like on the networked transports.
/// </summary>
public sealed class InMemoryMessageTransport : IMessageTransport
{
    /// <summary>The default <see cref="MaxBodyBytes"/>: 256 KiB, the SNS limit, so payload routing matches AWS.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, InMemoryInbox> _inboxes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _broadcastInboxes = new(StringComparer.Ordinal);

    /// <summary>Creates the transport.</summary>
    /// <param name="maxBodyBytes">The largest body accepted, in bytes.</param>
    public InMemoryMessageTransport(int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBodyBytes, 1024);
        MaxBodyBytes = maxBodyBytes;
    }

    /// <inheritdoc />
    public string Name => "in-memory";

    /// <inheritdoc />
    public int MaxBodyBytes { get; }

    /// <summary>Returns the messages moved to an inbox's dead-letter queue, with their reasons.</summary>
    public IReadOnlyList<(ReadOnlyMemory<byte> Body, string Reason)> DeadLetters(string inbox) =>
        _inboxes.TryGetValue(inbox, out var queue) ? queue.DeadLetters : [];

    /// <inheritdoc />
    public Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        CheckSize(body);
        GetInbox(inbox).Enqueue(body.ToArray());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        CheckSize(body);
        foreach (var inbox in _broadcastInboxes.Keys)
        {
            GetInbox(inbox).Enqueue(body.ToArray());
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns whether an inbox exists, that is, received a message or a subscriber and was not deleted.</summary>
    public bool HasInbox(string inbox) => _inboxes.ContainsKey(inbox);

    /// <inheritdoc />
    public Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken)
    {
        _broadcastInboxes.TryRemove(inbox, out _);
        if (_inboxes.TryRemove(inbox, out var queue))
        {
            queue.Complete();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var queue = GetInbox(inbox);
        if (receiveBroadcasts)
        {
            _broadcastInboxes.TryAdd(inbox, 0);
        }

        return Task.FromResult<IAsyncDisposable>(queue.Subscribe(onMessage));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var inbox in _inboxes.Values)
        {
            inbox.Complete();
        }

        return ValueTask.CompletedTask;
    }

    private InMemoryInbox GetInbox(string inbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        return _inboxes.GetOrAdd(inbox, name => new InMemoryInbox(name));
    }

    private void CheckSize(ReadOnlyMemory<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException(
                $"The message is {body.Length} bytes, above the transport limit of {MaxBodyBytes}; store the payload and send a reference.",
                nameof(body));
        }
    }
}

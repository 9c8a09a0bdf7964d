using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>Passes everything to a real transport, except that the first sends and publishes throw, like a broker outage.</summary>
public sealed class FailingSendTransport(IMessageTransport inner, int failures) : IMessageTransport
{
    private int _remainingFailures = failures;

    public string Name => inner.Name;

    public int MaxBodyBytes => inner.MaxBodyBytes;

    public Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        FailOrRun(() => inner.SendAsync(inbox, body, cancellationToken));

    public Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        FailOrRun(() => inner.PublishAsync(body, cancellationToken));

    public Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken) => inner.DeleteInboxAsync(inbox, cancellationToken);

    public Task<IAsyncDisposable> SubscribeAsync(
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken) =>
        inner.SubscribeAsync(inbox, receiveBroadcasts, onMessage, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task FailOrRun(Func<Task> action) =>
        Interlocked.Decrement(ref _remainingFailures) >= 0
            ? Task.FromException(new IOException("The broker is unreachable (simulated)."))
            : action();
}

using System.Threading.Channels;

namespace Alyx.Coordination.State;

/// <summary>A live subscription to spec and status changes. Changes queue up until read; dispose to unsubscribe.</summary>
public sealed class ClusterStateWatch : IAsyncDisposable
{
    private readonly Channel<ClusterStateChange> _changes = Channel.CreateUnbounded<ClusterStateChange>();
    private Func<ValueTask>? _unsubscribe;

    internal ClusterStateWatch()
    {
    }

    /// <summary>Waits for the next change.</summary>
    /// <exception cref="ChannelClosedException">The watch was disposed.</exception>
    public ValueTask<ClusterStateChange> ReadAsync(CancellationToken cancellationToken) => _changes.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes a queued change without waiting; false when none is queued.</summary>
    public bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ClusterStateChange change) => _changes.Reader.TryRead(out change);

    /// <summary>Yields changes until the watch is disposed or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<ClusterStateChange> ReadAllAsync(CancellationToken cancellationToken) => _changes.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Unsubscribes and ends <see cref="ReadAllAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        var unsubscribe = Interlocked.Exchange(ref _unsubscribe, null);
        if (unsubscribe is not null)
        {
            await unsubscribe();
        }

        _changes.Writer.TryComplete();
    }

    internal void Attach(Func<ValueTask> unsubscribe) => _unsubscribe = unsubscribe;

    internal void Publish(ClusterStateChange change) => _changes.Writer.TryWrite(change);
}

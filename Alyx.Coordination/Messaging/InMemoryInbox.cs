using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// One queue of the in-memory transport, with at most one subscriber at a time. Deliveries left unsettled when the
/// subscriber stops go back to the queue with their delivery count kept.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The subscriber returned by Subscribe is disposed by the caller who subscribed.")]
internal sealed class InMemoryInbox(string name)
{
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>();
    private readonly ConcurrentQueue<(ReadOnlyMemory<byte> Body, string Reason)> _deadLetters = new();
    private readonly Lock _gate = new();
    private Subscription? _subscriber;

    public IReadOnlyList<(ReadOnlyMemory<byte> Body, string Reason)> DeadLetters => [.. _deadLetters];

    public void Enqueue(byte[] body) => _queue.Writer.TryWrite(new Entry(body));

    public void Complete() => _queue.Writer.TryComplete();

    public IAsyncDisposable Subscribe(Func<ITransportMessage, CancellationToken, ValueTask> onMessage)
    {
        lock (_gate)
        {
            if (_subscriber is not null)
            {
                throw new InvalidOperationException($"Inbox '{name}' already has a subscriber; stop it before subscribing again.");
            }

            _subscriber = new Subscription(this, onMessage);
            return _subscriber;
        }
    }

    private void Detach(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriber == subscription)
            {
                _subscriber = null;
            }
        }
    }

    private sealed class Entry(byte[] body)
    {
        public byte[] Body { get; } = body;

        public int DeliveryCount { get; set; }
    }

    private sealed class Subscription : IAsyncDisposable
    {
        private readonly InMemoryInbox _inbox;
        private readonly Func<ITransportMessage, CancellationToken, ValueTask> _onMessage;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<Delivery, byte> _unsettled = new();
        private readonly Task _loop;

        public Subscription(InMemoryInbox inbox, Func<ITransportMessage, CancellationToken, ValueTask> onMessage)
        {
            _inbox = inbox;
            _onMessage = onMessage;
            _loop = Task.Run(RunAsync);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            foreach (var delivery in _unsettled.Keys)
            {
                if (delivery.TrySettle())
                {
                    _inbox._queue.Writer.TryWrite(delivery.Entry);
                }
            }

            _unsettled.Clear();
            _inbox.Detach(this);
            _stop.Dispose();
        }

        private async Task RunAsync()
        {
            try
            {
                while (await _inbox._queue.Reader.WaitToReadAsync(_stop.Token))
                {
                    while (!_stop.IsCancellationRequested && _inbox._queue.Reader.TryRead(out var entry))
                    {
                        entry.DeliveryCount++;
                        var delivery = new Delivery(entry, this);
                        _unsettled.TryAdd(delivery, 0);
                        await _onMessage(delivery, _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopped by DisposeAsync.
            }
        }

        private sealed class Delivery(Entry entry, Subscription owner) : ITransportMessage
        {
            private int _settled;

            public Entry Entry => entry;

            public ReadOnlyMemory<byte> Body => entry.Body;

            public int DeliveryCount => entry.DeliveryCount;

            public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

            public Task AckAsync(CancellationToken cancellationToken)
            {
                if (TrySettle())
                {
                    owner._unsettled.TryRemove(this, out _);
                }

                return Task.CompletedTask;
            }

            public Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
            {
                if (TrySettle())
                {
                    owner._unsettled.TryRemove(this, out _);
                    owner._inbox._deadLetters.Enqueue((entry.Body, reason));
                }

                return Task.CompletedTask;
            }
        }
    }
}

using System.Collections.Concurrent;
using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Support;

/// <summary>Records a shard's state changes and dispatches and lets a test wait for a condition on them, signalled by each event.</summary>
public sealed class ShardObserver : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _signal = new(0);

    public ShardObserver(GatewayShard shard)
    {
        shard.StateChanged += (_, change) =>
        {
            States.Enqueue(change);
            _signal.Release();
        };
        shard.DispatchReceived += (_, dispatch) =>
        {
            Dispatches.Enqueue(dispatch);
            _signal.Release();
        };
        shard.LatencyUpdated += (_, latency) =>
        {
            Latencies.Enqueue(latency);
            _signal.Release();
        };
    }

    public ConcurrentQueue<ShardStateChangedEventArgs> States { get; } = new();

    public ConcurrentQueue<GatewayDispatch> Dispatches { get; } = new();

    public ConcurrentQueue<TimeSpan> Latencies { get; } = new();

    public int Count(string eventName) => Dispatches.Count(d => d.Name == eventName);

    public int CountState(ShardState state) => States.Count(s => s.Current == state);

    /// <summary>Waits until <paramref name="condition"/> holds, checking after every event; fails with <paramref name="what"/> on timeout.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!condition())
        {
            try
            {
                await _signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var states = string.Join(", ", States.Select(s => $"{s.Current} ({s.Reason})"));
                throw new TimeoutException($"Timed out waiting for {what}. States: {states}. Dispatches: {Dispatches.Count}.");
            }
        }
    }

    public void Dispose() => _signal.Dispose();
}

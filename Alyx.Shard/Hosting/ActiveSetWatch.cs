using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Shard.Cutover;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Hosting;

/// <summary>
/// Reads the cluster's active shard set every <c>Shard:ActiveSetPollInterval</c> and feeds each reading to the host's
/// <see cref="EventCutover"/>. The interval must stay below the orchestrator's cutover notice, or events wait for the
/// next read (they are held, not lost).
/// </summary>
internal sealed partial class ActiveSetWatch(
    IClusterStateStore store, EventCutover cutover, TimeSpan interval, TimeProvider timeProvider, ILogger logger)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _failures;

    /// <summary>The gate that the readings feed.</summary>
    public EventCutover Cutover => cutover;

    /// <summary>Reads once, so the host has its role before its gateway connects, then keeps reading in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReadOnceAsync(cancellationToken);
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Stops the background reads.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Reads once; returns false when the store was unreachable.</summary>
    public async Task<bool> ReadOnceAsync(CancellationToken cancellationToken)
    {
        ActiveShardSetReading reading;
        try
        {
            reading = await store.ReadActiveShardSetAsync(cancellationToken);
        }
        catch (CoordinationUnavailableException exception)
        {
            // Log the first failure of a run of failures and then every hundredth.
            if (_failures++ % 100 == 0)
            {
                LogReadFailed(_failures, exception);
            }

            return false;
        }

        _failures = 0;
        cutover.Update(reading, timeProvider.GetTimestamp());

        return true;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ReadOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    [LoggerMessage(EventId = 7303, Level = LogLevel.Warning, Message = "Reading the active shard set failed ({Failures} in a row); events past the notice window wait for the next read")]
    private partial void LogReadFailed(int failures, Exception exception);
}

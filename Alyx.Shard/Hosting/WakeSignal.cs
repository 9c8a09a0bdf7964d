namespace Alyx.Shard.Hosting;

/// <summary>
/// Wakes the status loop before its next tick, such as when the shard turns Ready. A set that arrives while no caller
/// waits completes the next wait at once, so none is lost.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The status timer's wait that an earlier wake left pending.</summary>
    public Task<bool>? PendingTick { get; set; }

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Completes at the next <see cref="Set"/>, or at once when one arrived since the last <see cref="Consume"/>.</summary>
    public Task WaitAsync() => Volatile.Read(ref _signal).Task;

    /// <summary>Rearms the signal after a wake; the caller reports the state after this call, so a set racing it is covered.</summary>
    public void Consume()
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}

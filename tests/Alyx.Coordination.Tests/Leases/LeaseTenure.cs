using System.Diagnostics;
using Alyx.Coordination.Leases;

namespace Alyx.Coordination.Tests.Leases;

/// <summary>
/// One holder's time with a lease: the first and last moments at which it checked <see cref="LeaseHandle.IsHeld"/>
/// and found it true, on the shared monotonic clock. A holder acts only at such moments, so two tenures of one lease
/// must never overlap.
/// </summary>
internal sealed record LeaseTenure(string HolderId, long FencingToken, long First, long Last, LeaseLossReason? EndedBy)
{
    /// <summary>Acquires the lease again and again, holds it for a random time up to <paramref name="maxHold"/>, releases it; stops when <paramref name="stop"/> fires.</summary>
    public static async Task<List<LeaseTenure>> ContendAsync(
        LeaseManager manager, string lease, string holderId, TimeSpan maxHold, Action? onAcquired, CancellationToken stop)
    {
        var tenures = new List<LeaseTenure>();
        while (!stop.IsCancellationRequested)
        {
            LeaseHandle handle;
            try
            {
                handle = await manager.AcquireAsync(lease, holderId, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            onAcquired?.Invoke();
            long? first = null;
            long last = 0;
            var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * Random.Shared.Next(20, (int)maxHold.TotalMilliseconds) / 1000);
            while (Stopwatch.GetTimestamp() < until && !stop.IsCancellationRequested)
            {
                // Read the clock before the check: when IsHeld is true, the deadline lies after this moment.
                var now = Stopwatch.GetTimestamp();
                if (!handle.IsHeld)
                {
                    break;
                }

                first ??= now;
                last = now;
                await Task.Delay(5, CancellationToken.None);
            }

            if (first is not null)
            {
                tenures.Add(new LeaseTenure(holderId, handle.FencingToken, first.Value, last, handle.LossReason));
            }

            await handle.DisposeAsync();
        }

        return tenures;
    }

    /// <summary>Asserts that no two tenures overlap and that tokens grow with time.</summary>
    public static void AssertOneHolderAtATime(IEnumerable<LeaseTenure> tenures)
    {
        var ordered = tenures.OrderBy(tenure => tenure.First).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            var (previous, next) = (ordered[i - 1], ordered[i]);
            Assert.True(previous.Last < next.First,
                $"{previous.HolderId} (token {previous.FencingToken}) still acted {Milliseconds(previous.Last - next.First)} ms "
                + $"after {next.HolderId} (token {next.FencingToken}) started; the earlier tenure ended by {previous.EndedBy?.ToString() ?? "the holder"}");
            Assert.True(previous.FencingToken < next.FencingToken,
                $"token {next.FencingToken} of {next.HolderId} does not exceed the earlier token {previous.FencingToken}");
        }
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

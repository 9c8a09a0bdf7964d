using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Tests.Support;

namespace Alyx.Coordination.Tests.Identify;

/// <summary>The behaviour every <see cref="IClusterIdentifyGate"/> must have, on the real clock with short windows.</summary>
public abstract class IdentifyGateContractTests
{
    /// <summary>Creates a gate with an empty state for one test.</summary>
    protected abstract IClusterIdentifyGate CreateGate(IdentifyGateOptions options);

    private static SessionStartBudget Budget(int remaining = 1000, int maxConcurrency = 1, DateTimeOffset? resetsAt = null) =>
        new(1000, remaining, resetsAt ?? DateTimeOffset.UtcNow.AddHours(1), maxConcurrency);

    // No first-budget hold: it counts from the process or server start, so it would make a test's waits depend on
    // how long the suite ran before it. The tests that need the hold set it themselves.
    private static IdentifyGateOptions Options(int windowMs, int reserve = 0) =>
        new() { Window = TimeSpan.FromMilliseconds(windowMs), Reserve = reserve, HoldFirstBudget = false };

    [Fact]
    public async Task Wait_NoBudget_ThrowsNamingTheFix()
    {
        var gate = CreateGate(Options(200));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.WaitForTurnAsync(0, CancellationToken.None).AsTask());

        Assert.Contains("session_start_limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_FirstShard_GrantsItsBucket()
    {
        var gate = CreateGate(Options(200));
        await gate.SetBudgetAsync(Budget(maxConcurrency: 4), CancellationToken.None);

        var grant = await gate.WaitForTurnAsync(6, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        Assert.Equal(6, grant.ShardId);
        Assert.Equal(2, grant.Bucket);
    }

    [Fact]
    public async Task Wait_OneBucket_GrantsSpacedByWindow()
    {
        var gate = CreateGate(Options(150));
        await gate.SetBudgetAsync(Budget(), CancellationToken.None);

        var grants = await Task.WhenAll(Enumerable.Range(0, 4).Select(shard => gate.WaitForTurnAsync(shard, CancellationToken.None).AsTask()))
            .WaitAsync(Signals.Timeout);

        var times = grants.Select(grant => grant.GrantedAt).Order().ToArray();
        for (var i = 1; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(150), $"grants {i - 1} and {i} are {times[i] - times[i - 1]} apart");
        }
    }

    [Fact]
    public async Task Wait_TwoBuckets_GrantInTheSameWindow()
    {
        // A long window keeps the two cases apart even when the machine stalls between the two calls.
        var options = Options(10_000);
        var gate = CreateGate(options);
        await gate.SetBudgetAsync(Budget(maxConcurrency: 2), CancellationToken.None);

        var first = await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);
        var second = await gate.WaitForTurnAsync(1, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        // The second shard would get the slot one spacing after the first if it shared the first one's bucket.
        Assert.NotEqual(first.Bucket, second.Bucket);
        Assert.True(second.GrantedAt - first.GrantedAt < options.SlotSpacing, $"the second slot came {second.GrantedAt - first.GrantedAt} after the first");
    }

    [Fact]
    public async Task SetBudget_FirstTimeWithoutHold_GrantsAtOnce()
    {
        var options = Options(60_000);
        options.HoldFirstBudget = false;
        var gate = CreateGate(options);
        await gate.SetBudgetAsync(Budget(maxConcurrency: 4), CancellationToken.None);

        var grant = await gate.WaitForTurnAsync(3, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        Assert.True(grant.Waited < TimeSpan.FromSeconds(30), $"the first grant waited {grant.Waited}");
    }

    [Fact]
    public async Task Wait_Grant_CarriesSendDeadlineWithinMargin()
    {
        var options = Options(100);
        options.Margin = TimeSpan.FromSeconds(20);
        var gate = CreateGate(options);
        await gate.SetBudgetAsync(Budget(), CancellationToken.None);
        var before = DateTimeOffset.UtcNow;

        var grant = await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        Assert.NotNull(grant.SendBy);
        Assert.True(grant.SendBy > before, $"send deadline {grant.SendBy:O} lies before the request at {before:O}");
        Assert.True(grant.SendBy <= before + options.SendTolerance + grant.Waited, $"send deadline {grant.SendBy:O} is later than half the margin after the slot");
    }

    [Fact]
    public async Task Wait_OneBucket_ServesInArrivalOrder()
    {
        // A waiter whose timer fires past its send deadline reserves a later slot, which changes the order. A wide
        // margin (half of it is the send tolerance) keeps that from happening on a loaded machine.
        var options = Options(100);
        options.Margin = TimeSpan.FromSeconds(1);
        var gate = CreateGate(options);
        await gate.SetBudgetAsync(Budget(maxConcurrency: 2), CancellationToken.None);
        int[] arrivals = [4, 0, 8, 2, 6];

        var waits = arrivals.Select(shard => gate.WaitForTurnAsync(shard, CancellationToken.None).AsTask()).ToArray();
        var grants = await Task.WhenAll(waits).WaitAsync(Signals.Timeout);

        Assert.Equal(arrivals, grants.OrderBy(grant => grant.GrantedAt).Select(grant => grant.ShardId));
    }

    [Fact]
    public async Task Wait_EachGrant_CountsDownRemaining()
    {
        var gate = CreateGate(Options(50));
        await gate.SetBudgetAsync(Budget(remaining: 20, maxConcurrency: 3), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(shard => gate.WaitForTurnAsync(shard, CancellationToken.None).AsTask()))
            .WaitAsync(Signals.Timeout);
        var budget = await gate.GetBudgetAsync(CancellationToken.None);

        Assert.Equal(17, budget?.Remaining);
    }

    [Fact]
    public async Task Wait_RemainingAtReserve_ThrowsWithResetTime()
    {
        var gate = CreateGate(Options(50, reserve: 5));
        var resetsAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeMilliseconds());
        await gate.SetBudgetAsync(Budget(remaining: 6, resetsAt: resetsAt), CancellationToken.None);
        await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        var error = await Assert.ThrowsAsync<SessionStartBudgetExhaustedException>(() => gate.WaitForTurnAsync(1, CancellationToken.None).AsTask());

        Assert.Equal(5, error.Remaining);
        Assert.Equal(5, error.Reserve);
        Assert.Equal(resetsAt, error.ResetsAt);
    }

    [Fact]
    public async Task Wait_ResetTimePassed_RefillsBudget()
    {
        var gate = CreateGate(Options(50, reserve: 5));
        var resetsAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await gate.SetBudgetAsync(Budget(remaining: 0, resetsAt: resetsAt), CancellationToken.None);

        await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);
        var budget = await gate.GetBudgetAsync(CancellationToken.None);

        Assert.Equal(999, budget?.Remaining);
        Assert.Equal(resetsAt.ToUnixTimeMilliseconds() + (long)SessionStartBudget.Period.TotalMilliseconds, budget?.ResetsAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Wait_Cancelled_HandsBackSlotAndSessionStart()
    {
        // The window is long enough that a stalled machine cannot push the next slot to where a kept slot would put it.
        var options = Options(3000);
        var gate = CreateGate(options);
        await gate.SetBudgetAsync(Budget(remaining: 100), CancellationToken.None);
        var first = await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);
        using var cancel = new CancellationTokenSource();
        var abandoned = gate.WaitForTurnAsync(1, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Signals.Timeout));
        var afterCancel = await gate.GetBudgetAsync(CancellationToken.None);
        var next = await gate.WaitForTurnAsync(2, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        Assert.Equal(99, afterCancel?.Remaining);
        Assert.True(next.GrantedAt - first.GrantedAt < 2 * options.SlotSpacing,
            $"the next shard got the slot {next.GrantedAt - first.GrantedAt} after the first, so the abandoned slot stayed taken");
    }

    [Fact]
    public async Task SetBudget_RemainingAboveTotal_Throws()
    {
        var gate = CreateGate(Options(50));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => gate.SetBudgetAsync(new SessionStartBudget(10, 11, DateTimeOffset.UtcNow, 1), CancellationToken.None));

        Assert.Contains("remaining 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBudget_NeverSet_ReturnsNull()
    {
        var gate = CreateGate(Options(50));

        var budget = await gate.GetBudgetAsync(CancellationToken.None);

        Assert.Null(budget);
    }
}

using Alyx.Coordination.Identify;
using Alyx.Coordination.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Identify;

public sealed class InMemoryIdentifyGateTests : IdentifyGateContractTests
{
    protected override IClusterIdentifyGate CreateGate(IdentifyGateOptions options) => new InMemoryIdentifyGate(options, TimeProvider.System);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    // The gate rounds each wait up to whole milliseconds and adds one, because real timers may fire early.
    private static readonly TimeSpan SpacingWait = Window + Margin + TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Wait_SecondInBucket_WaitsOneSpacing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var gate = await CreateFakeTimeGateAsync(time, maxConcurrency: 1);
        var first = await gate.WaitForTurnAsync(0, CancellationToken.None);

        var second = gate.WaitForTurnAsync(1, CancellationToken.None).AsTask();
        time.Advance(SpacingWait - TimeSpan.FromTicks(1));
        var waitingJustBefore = !second.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1));
        var grant = await second.WaitAsync(Signals.Timeout);

        Assert.True(waitingJustBefore);
        Assert.Equal(first.GrantedAt + Window + Margin, grant.GrantedAt);
        Assert.Equal(SpacingWait, grant.Waited);
        Assert.Equal(time.GetUtcNow() + (Margin / 2) - TimeSpan.FromMilliseconds(1), grant.SendBy);
    }

    [Fact]
    public async Task Wait_TwelveShardsConcurrencyFour_ThreeSpacings()
    {
        var time = new FakeTimeProvider();
        var gate = await CreateFakeTimeGateAsync(time, maxConcurrency: 4);
        var start = time.GetUtcNow();

        var waits = Enumerable.Range(0, 12).Select(shard => gate.WaitForTurnAsync(shard, CancellationToken.None).AsTask()).ToArray();
        time.Advance(SpacingWait);

        // The second round must wake before time moves on, or it would wake past its send deadline.
        await Task.WhenAll(waits[4..8]).WaitAsync(Signals.Timeout);
        time.Advance(Window + Margin);
        var grants = await Task.WhenAll(waits).WaitAsync(Signals.Timeout);

        Assert.Equal(2 * (Window + Margin), grants.Max(grant => grant.GrantedAt) - start);
        Assert.Equal([4, 4, 4], grants.GroupBy(grant => grant.GrantedAt).OrderBy(group => group.Key).Select(group => group.Count()));
        Assert.Equal([0, 1, 2, 3], grants.Where(grant => grant.GrantedAt == start).Select(grant => grant.ShardId).Order());
    }

    [Fact]
    public async Task Wait_WokePastSendDeadline_ReservesNewSlot()
    {
        var time = new FakeTimeProvider();
        var gate = await CreateFakeTimeGateAsync(time, maxConcurrency: 1);
        var first = await gate.WaitForTurnAsync(0, CancellationToken.None);
        var late = gate.WaitForTurnAsync(1, CancellationToken.None).AsTask();

        // One jump of a second past the slot stands for a waiter whose timer fired late on a busy machine.
        time.Advance(SpacingWait + TimeSpan.FromSeconds(1));
        var grant = await late.WaitAsync(Signals.Timeout);
        var next = gate.WaitForTurnAsync(2, CancellationToken.None).AsTask();
        var nextWaiting = !next.IsCompleted;
        time.Advance(SpacingWait);
        var nextGrant = await next.WaitAsync(Signals.Timeout);

        Assert.Equal(time.GetUtcNow() - SpacingWait, grant.GrantedAt);
        Assert.True(grant.GrantedAt > first.GrantedAt + Window + Margin + (Margin / 2), $"the late waiter kept its missed slot {grant.GrantedAt:O}");
        Assert.True(nextWaiting);
        Assert.Equal(grant.GrantedAt + Window + Margin, nextGrant.GrantedAt);
    }

    /// <summary>A gate on fake time with its budget set and no first-budget hold.</summary>
    private static async Task<InMemoryIdentifyGate> CreateFakeTimeGateAsync(FakeTimeProvider time, int maxConcurrency)
    {
        var gate = new InMemoryIdentifyGate(new IdentifyGateOptions { Window = Window, Margin = Margin, HoldFirstBudget = false }, time);
        await gate.SetBudgetAsync(new SessionStartBudget(1000, 1000, time.GetUtcNow().AddHours(1), maxConcurrency), CancellationToken.None);
        return gate;
    }
}

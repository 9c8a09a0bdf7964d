using Alyx.Coordination.Identify;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Identify;

public sealed class InMemoryIdentifyGateTests : IdentifyGateContractTests
{
    protected override IClusterIdentifyGate CreateGate(IdentifyGateOptions options) => new InMemoryIdentifyGate(options, TimeProvider.System);

    [Fact]
    public async Task Wait_SecondInBucket_WaitsOneWindow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var gate = new InMemoryIdentifyGate(new IdentifyGateOptions { Window = TimeSpan.FromSeconds(5) }, time);
        await gate.SetBudgetAsync(new SessionStartBudget(1000, 1000, time.GetUtcNow().AddHours(1), 1), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var first = await gate.WaitForTurnAsync(0, CancellationToken.None);

        var second = gate.WaitForTurnAsync(1, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        var waitingJustBefore = !second.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1));
        var grant = await second;

        Assert.True(waitingJustBefore);
        Assert.Equal(first.GrantedAt + TimeSpan.FromSeconds(5), grant.GrantedAt);
        Assert.Equal(TimeSpan.FromSeconds(5), grant.Waited);
    }

    [Fact]
    public async Task Wait_TwelveShardsConcurrencyFour_ThreeWindows()
    {
        var time = new FakeTimeProvider();
        var gate = new InMemoryIdentifyGate(new IdentifyGateOptions { Window = TimeSpan.FromSeconds(5) }, time);
        await gate.SetBudgetAsync(new SessionStartBudget(1000, 1000, time.GetUtcNow().AddHours(1), 4), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var start = time.GetUtcNow();

        var waits = Enumerable.Range(0, 12).Select(shard => gate.WaitForTurnAsync(shard, CancellationToken.None).AsTask()).ToArray();
        time.Advance(TimeSpan.FromSeconds(10));
        var grants = await Task.WhenAll(waits);

        Assert.Equal(TimeSpan.FromSeconds(10), grants.Max(grant => grant.GrantedAt) - start);
        Assert.Equal([4, 4, 4], grants.GroupBy(grant => grant.GrantedAt).OrderBy(group => group.Key).Select(group => group.Count()));
        Assert.Equal([0, 1, 2, 3], grants.Where(grant => grant.GrantedAt == start).Select(grant => grant.ShardId).Order());
    }
}

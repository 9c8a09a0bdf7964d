using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.State;

namespace Alyx.Coordination.Tests.Heartbeats;

/// <summary>The behaviour every <see cref="IHeartbeatStore"/> must have.</summary>
public abstract class HeartbeatStoreContractTests
{
    protected abstract IHeartbeatStore CreateStore();

    /// <summary>Lets the store's clock move forward by at least <paramref name="duration"/>.</summary>
    protected abstract Task AdvanceAsync(TimeSpan duration);

    private static ShardHeartbeat Heartbeat(int shardId, long token, ShardPhase phase = ShardPhase.Ready) =>
        new(2, shardId, $"task-{shardId}", token, phase, 950, TimeSpan.FromMilliseconds(41), 4000);

    [Fact]
    public async Task Report_ThenReadAll_RoundTrips()
    {
        var store = CreateStore();
        var heartbeat = Heartbeat(3, 11);

        var stored = await store.ReportAsync(heartbeat, CancellationToken.None);
        var all = await store.ReadAllAsync(CancellationToken.None);

        Assert.True(stored);
        Assert.Equal(heartbeat, Assert.Single(all).Heartbeat);
        Assert.False(all[0].IsStale(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Report_SameShardAgain_ReplacesEarlier()
    {
        var store = CreateStore();
        await store.ReportAsync(Heartbeat(3, 11, ShardPhase.Identifying), CancellationToken.None);

        await store.ReportAsync(Heartbeat(3, 11, ShardPhase.Ready), CancellationToken.None);
        var all = await store.ReadAllAsync(CancellationToken.None);

        Assert.Equal(ShardPhase.Ready, Assert.Single(all).Heartbeat.Phase);
    }

    [Fact]
    public async Task Report_SmallerFencingToken_IsRejected()
    {
        var store = CreateStore();
        await store.ReportAsync(Heartbeat(3, 12), CancellationToken.None);

        var stored = await store.ReportAsync(Heartbeat(3, 11, ShardPhase.Failed), CancellationToken.None);
        var all = await store.ReadAllAsync(CancellationToken.None);

        Assert.False(stored);
        Assert.Equal(12, Assert.Single(all).Heartbeat.FencingToken);
    }

    [Fact]
    public async Task ReadAll_ReporterWentQuiet_HeartbeatTurnsStale()
    {
        var store = CreateStore();
        await store.ReportAsync(Heartbeat(0, 1), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await store.ReportAsync(Heartbeat(1, 2), CancellationToken.None);

        var all = await store.ReadAllAsync(CancellationToken.None);

        // 900 ms of allowed age leave room for a slow machine between the second report and the read.
        Assert.True(all.Single(record => record.Heartbeat.ShardId == 0).IsStale(TimeSpan.FromMilliseconds(900)));
        Assert.False(all.Single(record => record.Heartbeat.ShardId == 1).IsStale(TimeSpan.FromMilliseconds(900)));
    }

    [Fact]
    public async Task Remove_DropsOnlyThatShard()
    {
        var store = CreateStore();
        await store.ReportAsync(Heartbeat(0, 1), CancellationToken.None);
        await store.ReportAsync(Heartbeat(1, 2), CancellationToken.None);

        await store.RemoveAsync(2, 0, CancellationToken.None);
        var all = await store.ReadAllAsync(CancellationToken.None);

        Assert.Equal(1, Assert.Single(all).Heartbeat.ShardId);
    }
}

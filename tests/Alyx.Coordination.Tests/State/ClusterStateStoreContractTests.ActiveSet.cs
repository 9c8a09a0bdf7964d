using Alyx.Coordination.State;

namespace Alyx.Coordination.Tests.State;

/// <summary>The active shard set record and the status fields of a blue-green reshard, for every store.</summary>
public abstract partial class ClusterStateStoreContractTests
{
    private static readonly TimeSpan Notice = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ReadActiveShardSet_NeverWritten_ReturnsNullWithClock()
    {
        var store = CreateStore();

        var reading = await store.ReadActiveShardSetAsync(CancellationToken.None);

        Assert.Null(reading.Set);
        Assert.True(reading.ReadAt > DateTimeOffset.UnixEpoch, $"read at {reading.ReadAt:O}");
    }

    [Fact]
    public async Task ActivateShardSet_FirstSet_HandlesEveryEvent()
    {
        var store = CreateStore();

        var written = await store.ActivateShardSetAsync(null, 1, 4, Notice, CancellationToken.None);
        var reading = await store.ReadActiveShardSetAsync(CancellationToken.None);

        Assert.Equal(new ActiveShardSet(1, 4, DateTimeOffset.UnixEpoch, null, null, Notice), written);
        Assert.Equal(written, reading.Set);
    }

    [Fact]
    public async Task ActivateShardSet_StaleExpectedEpoch_ReturnsNull()
    {
        var store = CreateStore();
        await store.ActivateShardSetAsync(null, 1, 4, Notice, CancellationToken.None);

        var again = await store.ActivateShardSetAsync(null, 2, 6, Notice, CancellationToken.None);
        var reading = await store.ReadActiveShardSetAsync(CancellationToken.None);

        Assert.Null(again);
        Assert.Equal(1, reading.Set!.Epoch);
    }

    [Fact]
    public async Task SwitchActiveShardSet_CutoverAtLeastNoticeAhead()
    {
        var store = CreateStore();
        await store.ActivateShardSetAsync(null, 1, 4, Notice, CancellationToken.None);
        var before = await store.ReadActiveShardSetAsync(CancellationToken.None);

        var switched = await store.SwitchActiveShardSetAsync(1, 2, 6, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        var after = await store.ReadActiveShardSetAsync(CancellationToken.None);

        Assert.NotNull(switched);
        Assert.Equal(2, switched.Epoch);
        Assert.Equal(6, switched.ShardCount);
        Assert.Equal(1, switched.PreviousEpoch);
        Assert.Equal(4, switched.PreviousShardCount);
        Assert.Equal(Notice, switched.CutoverNotice);
        Assert.True(switched.ActiveFrom >= before.ReadAt + Notice, $"cutover {switched.ActiveFrom:O}, read before {before.ReadAt:O}");
        Assert.True(switched.ActiveFrom <= after.ReadAt + Notice, $"cutover {switched.ActiveFrom:O}, read after {after.ReadAt:O}");
        Assert.Equal(switched, after.Set);
    }

    [Fact]
    public async Task SwitchActiveShardSet_OtherEpochActive_ReturnsNull()
    {
        var store = CreateStore();
        await store.ActivateShardSetAsync(null, 1, 4, Notice, CancellationToken.None);
        await store.SwitchActiveShardSetAsync(1, 2, 6, Notice, CancellationToken.None);

        var second = await store.SwitchActiveShardSetAsync(1, 3, 8, Notice, CancellationToken.None);
        var reading = await store.ReadActiveShardSetAsync(CancellationToken.None);

        Assert.Null(second);
        Assert.Equal(2, reading.Set!.Epoch);
    }

    [Fact]
    public async Task SwitchActiveShardSet_NoRecord_ReturnsNull()
    {
        var store = CreateStore();

        var switched = await store.SwitchActiveShardSetAsync(0, 1, 4, Notice, CancellationToken.None);

        Assert.Null(switched);
    }

    [Fact]
    public async Task ActivateShardSet_AfterSwitch_DropsPreviousSet()
    {
        var store = CreateStore();
        await store.ActivateShardSetAsync(null, 1, 4, Notice, CancellationToken.None);
        await store.SwitchActiveShardSetAsync(1, 2, 6, Notice, CancellationToken.None);

        var activated = await store.ActivateShardSetAsync(2, 3, 8, Notice, CancellationToken.None);

        Assert.Equal(new ActiveShardSet(3, 8, DateTimeOffset.UnixEpoch, null, null, Notice), activated);
    }

    [Fact]
    public async Task WriteStatus_BlueGreenSets_RoundTrips()
    {
        var store = CreateStore();
        var pending = new PendingShardSet(4, 6, 7, [new ShardStatus(0, ShardPhase.Identifying, "task-4-0")], Now, Now.AddMinutes(5), "ReadyTimeout");
        var retiring = new RetiringShardSet(3, 2, Now.AddSeconds(2), Now.AddSeconds(12));
        var status = Status(7) with { PendingShardSet = pending, RetiringShardSet = retiring };

        await store.WriteStatusAsync(status, 1, CancellationToken.None);
        var read = await store.ReadStatusAsync(CancellationToken.None);

        Assert.Equal(pending with { Shards = [] }, read!.PendingShardSet! with { Shards = [] });
        Assert.Equal(pending.Shards, read.PendingShardSet!.Shards);
        Assert.Equal(retiring, read.RetiringShardSet);
        Assert.True(read.PendingShardSet.RolledBack);
    }
}

using Alyx.Coordination.State;
using Alyx.Coordination.Tests.Support;

namespace Alyx.Coordination.Tests.State;

/// <summary>The behaviour every <see cref="IClusterStateStore"/> must have.</summary>
public abstract partial class ClusterStateStoreContractTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    protected abstract IClusterStateStore CreateStore();

    private static ClusterSpec Spec(int? shardCount = 4) => new(shardCount, null, ReshardStrategy.BlueGreen, "alyx-shard:1.2.3");

    private static ClusterStatus Status(long observedGeneration) => new(
        observedGeneration,
        ActiveShardSetEpoch: 3,
        ShardCount: 2,
        Shards:
        [
            new ShardStatus(0, ShardPhase.Ready, "task-0", 17, Now, 900, TimeSpan.FromMilliseconds(42), 1, 4000),
            new ShardStatus(1, ShardPhase.CrashLoop, RestartCount: 5),
        ],
        Conditions: [new ClusterCondition(ClusterConditionTypes.Degraded, ConditionStatus.True, "CrashLoop", "Shard 1 keeps failing.", observedGeneration, Now)],
        UpdatedAt: Now);

    [Fact]
    public async Task ReadSpec_NeverWritten_ReturnsNull()
    {
        var store = CreateStore();

        var spec = await store.ReadSpecAsync(CancellationToken.None);

        Assert.Null(spec);
    }

    [Fact]
    public async Task WriteSpec_EachWrite_IncrementsGeneration()
    {
        var store = CreateStore();

        var first = await store.WriteSpecAsync(Spec(4), null, CancellationToken.None);
        var second = await store.WriteSpecAsync(Spec(null), null, CancellationToken.None);
        var read = await store.ReadSpecAsync(CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(Spec(null) with { Generation = 2 }, read);
    }

    [Fact]
    public async Task WriteSpec_StaleExpectedGeneration_ThrowsConflict()
    {
        var store = CreateStore();
        await store.WriteSpecAsync(Spec(4), null, CancellationToken.None);
        await store.WriteSpecAsync(Spec(8), 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<SpecConflictException>(() => store.WriteSpecAsync(Spec(16), 1, CancellationToken.None));

        Assert.Equal(2, error.CurrentGeneration);
        Assert.Equal(8, (await store.ReadSpecAsync(CancellationToken.None))?.ShardCount);
    }

    [Fact]
    public async Task WriteStatus_RoundTrips()
    {
        var store = CreateStore();
        var status = Status(5);

        var written = await store.WriteStatusAsync(status, 10, CancellationToken.None);
        var read = await store.ReadStatusAsync(CancellationToken.None);

        Assert.True(written);
        Assert.NotNull(read);
        Assert.Equal(status.Shards, read.Shards);
        Assert.Equal(status.Conditions, read.Conditions);
        Assert.Equal(status with { Shards = read.Shards, Conditions = read.Conditions }, read);
    }

    [Fact]
    public async Task WriteStatus_SmallerLeaderToken_IsRejected()
    {
        var store = CreateStore();
        await store.WriteStatusAsync(Status(5), 10, CancellationToken.None);

        var written = await store.WriteStatusAsync(Status(6), 9, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(5, (await store.ReadStatusAsync(CancellationToken.None))?.ObservedGeneration);
    }

    [Fact]
    public async Task Watch_SpecAndStatusWrites_NotifiesInOrder()
    {
        var store = CreateStore();
        await using var watch = await store.WatchAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(Signals.Timeout);

        await store.WriteSpecAsync(Spec(), null, CancellationToken.None);
        await store.WriteStatusAsync(Status(1), 1, CancellationToken.None);
        var first = await watch.ReadAsync(timeout.Token);
        var second = await watch.ReadAsync(timeout.Token);

        Assert.Equal(new ClusterStateChange(ClusterStateChangeKind.Spec, 1), first);
        Assert.Equal(new ClusterStateChange(ClusterStateChangeKind.Status, 1), second);
    }

    [Fact]
    public async Task Watch_Disposed_StopsReading()
    {
        var store = CreateStore();
        var watch = await store.WatchAsync(CancellationToken.None);

        await watch.DisposeAsync();
        await store.WriteSpecAsync(Spec(), null, CancellationToken.None);
        var changes = new List<ClusterStateChange>();
        await foreach (var change in watch.ReadAllAsync(CancellationToken.None))
        {
            changes.Add(change);
        }

        Assert.Empty(changes);
    }
}

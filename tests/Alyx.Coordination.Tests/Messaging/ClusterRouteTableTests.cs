using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The route table that follows the cluster status, on the Redis state store and on the in-memory one.</summary>
public sealed class ClusterRouteTableTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    public static TheoryData<string> Stores => ["redis", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Current_NoStatus_UsesGivenSetWithEveryShardOwned(string store)
    {
        var state = NewStore(store);

        await using var table = await ClusterRouteTable.StartAsync(state, 1, 2, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(1, table.Current.Epoch);
        Assert.Equal(2, table.Current.ShardCount);
        Assert.Empty(table.Current.UnownedShards);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Current_StatusSwitchesSet_FollowsActiveSet(string store)
    {
        var state = NewStore(store);
        await using var table = await ClusterRouteTable.StartAsync(state, 1, 2, NullLogger.Instance, CancellationToken.None);

        await state.WriteStatusAsync(Status(2, ShardPhase.Ready, ShardPhase.Pending, ShardPhase.CrashLoop), 1, CancellationToken.None);
        await Signals.WaitUntilAsync(() => table.Current.Epoch == 2, "the table switched to set 2");

        Assert.Equal(3, table.Current.ShardCount);
        Assert.Equal([1, 2], table.Current.UnownedShards.Order());
        Assert.Equal("set2-shard0", table.Current.InboxOf(0));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Current_StatusWrittenBeforeStart_IsReadAtStart(string store)
    {
        var state = NewStore(store);
        await state.WriteStatusAsync(Status(5, ShardPhase.Ready), 1, CancellationToken.None);

        await using var table = await ClusterRouteTable.StartAsync(state, 4, 8, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(5, table.Current.Epoch);
        Assert.Equal(1, table.Current.ShardCount);
    }

    private IClusterStateStore NewStore(string store) =>
        store == "redis"
            ? new RedisClusterStateStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName(nameof(ClusterRouteTableTests))))
            : new InMemoryClusterStateStore();

    private static ClusterStatus Status(long epoch, params ShardPhase[] phases) =>
        new(1, epoch, phases.Length, [.. phases.Select((phase, shardId) => new ShardStatus(shardId, phase))], [], DateTimeOffset.UtcNow);
}

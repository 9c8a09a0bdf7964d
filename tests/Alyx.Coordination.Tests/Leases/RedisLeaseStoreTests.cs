using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Leases;

public sealed class RedisLeaseStoreTests(RedisFixture redis) : LeaseStoreContractTests, IClassFixture<RedisFixture>
{
    // The contract tests start on an empty cluster, so the quiet period after data loss would refuse their first
    // acquisition; RedisLeaseFaultTests covers it.
    protected override ILeaseStore CreateStore() =>
        new RedisLeaseStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("lease")), TimeSpan.Zero);

    // Redis expires keys by its own clock, so the test lets real time pass.
    protected override Task AdvanceAsync(TimeSpan duration) => Task.Delay(duration);

    [Fact]
    public async Task TryAcquire_NewCluster_RejectedWhileQuiet()
    {
        var store = new RedisLeaseStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("quiet")), TimeSpan.FromSeconds(30));

        var first = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);
        var second = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);

        Assert.False(first.Acquired);
        Assert.Null(first.CurrentHolder);
        Assert.InRange(first.RetryAfter, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
        Assert.False(second.Acquired);
    }

    [Fact]
    public async Task TryAcquire_FreshCounter_StartsAtServerTime()
    {
        var store = CreateStore();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

        var result = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);

        // Starting at the server time keeps tokens growing across a Redis restart that loses the counter.
        Assert.True(result.FencingToken > before - 60_000_000, $"token {result.FencingToken} is not near {before}");
    }
}

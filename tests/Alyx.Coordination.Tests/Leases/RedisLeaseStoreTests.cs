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
    public async Task TryAcquire_InsideQuietPeriod_Rejected()
    {
        // The test server has run for minutes at most, so an hour's quiet period since its start has not passed.
        var store = new RedisLeaseStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("quiet")), TimeSpan.FromHours(1));

        var first = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);
        var second = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);

        Assert.False(first.Acquired);
        Assert.Null(first.CurrentHolder);
        Assert.InRange(first.RetryAfter, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
        Assert.False(second.Acquired);
    }

    [Fact]
    public async Task TryAcquire_AfterQuietPeriod_Acquires()
    {
        var quietPeriod = TimeSpan.FromSeconds(1);
        await WaitForServerUptimeAsync(quietPeriod);
        var store = new RedisLeaseStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("old-server")), quietPeriod);

        var result = await store.TryAcquireAsync("shard:0:0", "task-a", LongTtl, CancellationToken.None);

        // No lease granted before a restart that is a quiet period ago can still be trusted by its holder.
        Assert.True(result.Acquired, $"rejected; retry after {result.RetryAfter}");
    }

    /// <summary>Waits until the test server has run for <paramref name="uptime"/>, which it reports in whole seconds.</summary>
    private async Task WaitForServerUptimeAsync(TimeSpan uptime)
    {
        using var timeout = new CancellationTokenSource(uptime + TimeSpan.FromSeconds(30));
        while (true)
        {
            // INFO through a script, because the client allows it directly only in admin mode.
            var seconds = (long)await redis.Connection.GetDatabase().ScriptEvaluateAsync(
                "return tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)'))");
            if (TimeSpan.FromSeconds(seconds) >= uptime)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
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

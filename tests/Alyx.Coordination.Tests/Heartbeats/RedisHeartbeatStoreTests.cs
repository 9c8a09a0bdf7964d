using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Heartbeats;

public sealed class RedisHeartbeatStoreTests(RedisFixture redis) : HeartbeatStoreContractTests, IClassFixture<RedisFixture>
{
    protected override IHeartbeatStore CreateStore() =>
        new RedisHeartbeatStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("heartbeat")));

    // Heartbeats are stamped with the Redis server's clock, so the test lets real time pass.
    protected override Task AdvanceAsync(TimeSpan duration) => Task.Delay(duration);
}

using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.State;

public sealed class RedisClusterStateStoreTests(RedisFixture redis) : ClusterStateStoreContractTests, IClassFixture<RedisFixture>
{
    protected override IClusterStateStore CreateStore() =>
        new RedisClusterStateStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("state")));
}

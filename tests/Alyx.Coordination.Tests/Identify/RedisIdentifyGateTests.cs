using Alyx.Coordination.Identify;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Identify;

public sealed class RedisIdentifyGateTests(RedisFixture redis) : IdentifyGateContractTests, IClassFixture<RedisFixture>
{
    protected override IClusterIdentifyGate CreateGate(IdentifyGateOptions options) =>
        new RedisIdentifyGate(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("gate")), options, TimeProvider.System);
}

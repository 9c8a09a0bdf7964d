using Alyx.Coordination.Events;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Events;

public sealed class RedisEventLogTests(RedisFixture redis) : EventLogContractTests, IClassFixture<RedisFixture>
{
    protected override IEventLog CreateLog(EventLogOptions options) =>
        new RedisEventLog(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("events")), options, TimeProvider.System);
}

using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on Redis Streams, one transport per messenger over the test Redis server.</summary>
public sealed class RedisMessengerTests(RedisFixture redis) : MessengerContractTests, IClassFixture<RedisFixture>
{
    private readonly ClusterKeys _keys = new(RedisFixture.NewClusterName("bus"));

    protected override IMessageTransport NewTransport() =>
        new RedisMessageTransport(
            redis.Connection,
            _keys,
            new RedisTransportOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
            NullLogger<RedisMessageTransport>.Instance);

    protected override IPayloadStore NewPayloadStore() => new RedisPayloadStore(redis.Connection, _keys, TimeSpan.FromMinutes(5));
}

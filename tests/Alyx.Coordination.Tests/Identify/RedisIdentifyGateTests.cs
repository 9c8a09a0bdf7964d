using Alyx.Coordination.Identify;
using Alyx.Coordination.Redis;
using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Tests.Support;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Identify;

public sealed class RedisIdentifyGateTests(RedisFixture redis) : IdentifyGateContractTests, IClassFixture<RedisFixture>
{
    protected override IClusterIdentifyGate CreateGate(IdentifyGateOptions options) =>
        new RedisIdentifyGate(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("gate")), options, TimeProvider.System);

    [Fact]
    public async Task SetBudget_FreshServer_DelaysFirstGrant()
    {
        await using var server = await PrivateRedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var options = new IdentifyGateOptions { Window = TimeSpan.FromSeconds(4), Margin = TimeSpan.FromMilliseconds(100) };
        var gate = new RedisIdentifyGate(connection, new ClusterKeys(RedisFixture.NewClusterName("fresh")), options, TimeProvider.System);
        await gate.SetBudgetAsync(new SessionStartBudget(1000, 1000, DateTimeOffset.UtcNow.AddHours(1), 1), CancellationToken.None);

        var grant = await gate.WaitForTurnAsync(0, CancellationToken.None).AsTask().WaitAsync(Signals.Timeout);

        // A server that just started may have lost grants made before its restart, so the first grant waits one
        // spacing from the server's start. The server started well under a second before the budget was set.
        Assert.True(grant.Waited > TimeSpan.FromSeconds(2), $"the first grant on a fresh server waited only {grant.Waited}");
    }
}

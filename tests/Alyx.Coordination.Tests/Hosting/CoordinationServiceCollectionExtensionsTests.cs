using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Hosting;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Alyx.Coordination.Tests.Hosting;

public sealed class CoordinationServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddInMemory_ResolvesEveryService()
    {
        await using var provider = new ServiceCollection().AddInMemoryCoordination().BuildServiceProvider();

        AssertEveryServiceResolves(provider);
        Assert.IsType<InMemoryIdentifyGate>(provider.GetRequiredService<IClusterIdentifyGate>());
    }

    [Fact]
    public async Task AddRedis_LeaseThroughContainer_ReachesRedis()
    {
        var redis = new RedisCoordinationOptions { Endpoints = TestServices.RedisEndpoint, Cluster = RedisFixture.NewClusterName("hosting") };
        await using var provider = new ServiceCollection()
            .AddRedisCoordination(redis, new CoordinationSettings { Leases = new LeaseOptions() })
            .BuildServiceProvider();
        var store = provider.GetRequiredService<ILeaseStore>();

        // The Redis store starts a new cluster's fence counter at the server time in microseconds, which proves the
        // lease went through Redis. Within the configured quiet period after the server's start it waits first.
        var handle = await provider.GetRequiredService<LeaseManager>()
            .AcquireAsync(LeaseNames.Leader, "orchestrator-1", CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        await handle.DisposeAsync();

        AssertEveryServiceResolves(provider);
        Assert.IsType<RedisIdentifyGate>(provider.GetRequiredService<IClusterIdentifyGate>());
        Assert.IsType<RedisLeaseStore>(store);
        Assert.True(handle.FencingToken > 1_000_000_000_000_000, $"fencing token {handle.FencingToken} is not a server time in microseconds");
    }

    [Fact]
    public void AddInMemory_InvalidSettings_ThrowsNamingProperty()
    {
        var settings = new CoordinationSettings { Identify = new IdentifyGateOptions { Reserve = -1 } };

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddInMemoryCoordination(settings));

        Assert.Contains("Identify:Reserve", error.Message, StringComparison.Ordinal);
    }

    private static void AssertEveryServiceResolves(IServiceProvider provider)
    {
        Assert.NotNull(provider.GetRequiredService<LeaseManager>());
        Assert.Same(provider.GetRequiredService<IClusterIdentifyGate>(), provider.GetRequiredService<IIdentifyGate>());
        Assert.NotNull(provider.GetRequiredService<IClusterStateStore>());
        Assert.NotNull(provider.GetRequiredService<IHeartbeatStore>());
        Assert.NotNull(provider.GetRequiredService<IEventLog>());
    }
}

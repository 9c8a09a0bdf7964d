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

        // A new cluster rejects acquisitions for one time to live (see RedisLeaseStore), which proves the lease
        // store talks to Redis with the configured quiet period.
        var result = await store.TryAcquireAsync(LeaseNames.Leader, "orchestrator-1", TimeSpan.FromSeconds(1), CancellationToken.None);

        AssertEveryServiceResolves(provider);
        Assert.IsType<RedisIdentifyGate>(provider.GetRequiredService<IClusterIdentifyGate>());
        Assert.False(result.Acquired);
        Assert.InRange(result.RetryAfter, TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(15));
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

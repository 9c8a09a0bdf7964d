using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Coordination.Hosting;

/// <summary>Registers one coordination backend: in-memory for a single process, or Redis for a fleet.</summary>
public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the in-memory stores (for <c>alyx dev</c> and embedded mode) as singletons: <see cref="ILeaseStore"/>,
    /// <see cref="LeaseManager"/>, <see cref="IClusterIdentifyGate"/> (also as <see cref="IIdentifyGate"/>),
    /// <see cref="IClusterStateStore"/>, <see cref="IHeartbeatStore"/> and <see cref="IEventLog"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static IServiceCollection AddInMemoryCoordination(this IServiceCollection services, CoordinationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        settings = Validated(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ILeaseStore>(provider => new InMemoryLeaseStore(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterIdentifyGate>(provider => new InMemoryIdentifyGate(
            settings.Identify, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<InMemoryIdentifyGate>>()));
        services.AddSingleton<IClusterStateStore, InMemoryClusterStateStore>();
        services.AddSingleton<IHeartbeatStore>(provider => new InMemoryHeartbeatStore(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventLog>(provider => new InMemoryEventLog(settings.Events, provider.GetRequiredService<TimeProvider>()));
        return AddShared(services, settings);
    }

    /// <summary>
    /// Registers the Redis stores as singletons on one shared connection (also registered as
    /// <see cref="IConnectionMultiplexer"/>), with the same services as <see cref="AddInMemoryCoordination"/>. The
    /// lease store's quiet period after Redis data loss equals the configured lease time to live, so every holder of
    /// the cluster must use that time to live or a shorter one.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The Redis options are invalid.</exception>
    public static IServiceCollection AddRedisCoordination(
        this IServiceCollection services, RedisCoordinationOptions redis, CoordinationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(redis);
        settings = Validated(settings);
        var configuration = RedisConnectionFactory.CreateConfiguration(redis);
        var keys = redis.CreateKeys();
        services.TryAddSingleton(TimeProvider.System);

        // AbortOnConnectFail is off, so this returns at once even while Redis is down and reconnects in the background.
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddSingleton(keys);
        services.AddSingleton<ILeaseStore>(provider => new RedisLeaseStore(
            provider.GetRequiredService<IConnectionMultiplexer>(), keys, settings.Leases.TimeToLive));
        services.AddSingleton<IClusterIdentifyGate>(provider => new RedisIdentifyGate(
            provider.GetRequiredService<IConnectionMultiplexer>(),
            keys,
            settings.Identify,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<RedisIdentifyGate>>()));
        services.AddSingleton<IClusterStateStore>(provider => new RedisClusterStateStore(provider.GetRequiredService<IConnectionMultiplexer>(), keys));
        services.AddSingleton<IHeartbeatStore>(provider => new RedisHeartbeatStore(provider.GetRequiredService<IConnectionMultiplexer>(), keys));
        services.AddSingleton<IEventLog>(provider => new RedisEventLog(
            provider.GetRequiredService<IConnectionMultiplexer>(), keys, settings.Events, provider.GetRequiredService<TimeProvider>()));
        return AddShared(services, settings);
    }

    private static CoordinationSettings Validated(CoordinationSettings? settings)
    {
        settings ??= new CoordinationSettings();
        settings.Leases.ThrowIfInvalid();
        settings.Identify.ThrowIfInvalid();
        settings.Events.ThrowIfInvalid();
        return settings;
    }

    private static IServiceCollection AddShared(IServiceCollection services, CoordinationSettings settings)
    {
        services.AddSingleton<IIdentifyGate>(provider => provider.GetRequiredService<IClusterIdentifyGate>());
        services.AddSingleton(provider => new LeaseManager(
            provider.GetRequiredService<ILeaseStore>(),
            settings.Leases,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }
}

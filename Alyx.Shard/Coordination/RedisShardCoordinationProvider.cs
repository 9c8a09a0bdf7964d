using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Shard.Hosting;
using Alyx.Shard.Sessions;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Coordination;

/// <summary>The default: one Redis connection per run (<c>Shard:Redis</c>), shared with every other host of the cluster.</summary>
public sealed class RedisShardCoordinationProvider(TimeProvider timeProvider, ILoggerFactory loggerFactory) : IShardCoordinationProvider
{
    /// <inheritdoc />
    public async Task<ShardCoordination> ConnectAsync(ShardAssignment assignment, ShardHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(options);
        var keys = new ClusterKeys(assignment.Cluster);
        var redis = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = options.Redis, Cluster = assignment.Cluster }, cancellationToken);
        return new ShardCoordination(
            new RedisLeaseStore(redis, keys, options.LeaseTimeToLive),
            new RedisIdentifyGate(redis, keys, new IdentifyGateOptions { Window = options.IdentifyWindow, Margin = options.IdentifyMargin }, timeProvider, loggerFactory.CreateLogger<RedisIdentifyGate>()),
            new RedisHeartbeatStore(redis, keys),
            new RedisEventLog(redis, keys, new EventLogOptions(), timeProvider),
            new GatewaySessionStore(redis, keys),
            new RedisMessageTransport(redis, keys, new RedisTransportOptions(), loggerFactory.CreateLogger<RedisMessageTransport>()),
            new RedisPayloadStore(redis, keys),
            redis);
    }
}

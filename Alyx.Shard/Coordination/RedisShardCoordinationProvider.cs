using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Shard.Hosting;
using Alyx.Shard.Sessions;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Coordination;

/// <summary>
/// The default: one Redis connection per run (<c>Shard:Redis</c>), shared with every other host of the cluster. Messages
/// travel over Redis too, or over the cluster's SNS/SQS bus when <c>Shard:Transport</c> is <c>sns-sqs</c>.
/// </summary>
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
        IMessageTransport transport = new RedisMessageTransport(redis, keys, new RedisTransportOptions(), loggerFactory.CreateLogger<RedisMessageTransport>());
        IPayloadStore payloads = new RedisPayloadStore(redis, keys);
        IAsyncDisposable owned = redis;
        if (options.Transport == MessagingTransportNames.SnsSqs)
        {
            var messaging = SnsSqsMessaging.Create(
                new SnsSqsMessagingSettings
                {
                    Cluster = assignment.Cluster,
                    BusTopicArn = options.BusTopicArn!,
                    QueuePrefix = options.QueuePrefix,
                    PayloadBucket = options.PayloadBucket,
                },
                loggerFactory);
            (transport, payloads, owned) = (messaging.Transport, messaging.Payloads, new OwnedPair(messaging, redis));
        }

        return new ShardCoordination(
            new RedisLeaseStore(redis, keys, options.LeaseTimeToLive),
            new RedisIdentifyGate(redis, keys, new IdentifyGateOptions { Window = options.IdentifyWindow, Margin = options.IdentifyMargin }, timeProvider, loggerFactory.CreateLogger<RedisIdentifyGate>()),
            new RedisHeartbeatStore(redis, keys),
            new RedisEventLog(redis, keys, new EventLogOptions(), timeProvider),
            new GatewaySessionStore(redis, keys),
            transport,
            payloads,
            owned,
            new RedisClusterStateStore(redis, keys));
    }

    // Disposes the messaging clients first, then the Redis connection.
    private sealed class OwnedPair(IAsyncDisposable first, IAsyncDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}

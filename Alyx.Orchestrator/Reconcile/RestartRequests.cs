using System.Globalization;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// Operator requests to restart one shard (<c>alyx shards restart</c>), kept as a Redis set of shard ids at
/// <c>{root}restart-requests</c> until the leader's next pass takes them.
/// </summary>
public sealed class RestartRequests(IConnectionMultiplexer redis, ClusterKeys keys)
{
    private readonly RedisKey _key = keys.For("restart-requests");

    /// <summary>Asks the leader to restart a shard of the active set.</summary>
    /// <exception cref="CoordinationUnavailableException">Redis is unreachable.</exception>
    public async Task RequestAsync(int shardId)
    {
        try
        {
            await redis.GetDatabase().SetAddAsync(_key, shardId);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("Writing the restart request to Redis failed: " + exception.Message, exception);
        }
    }

    /// <summary>Takes every pending request; a request is taken by one pass only.</summary>
    /// <exception cref="CoordinationUnavailableException">Redis is unreachable.</exception>
    public async Task<IReadOnlyList<int>> TakeAllAsync()
    {
        try
        {
            // MULTI/EXEC reads and deletes the set in one step, so a request added in between is not lost.
            var transaction = redis.GetDatabase().CreateTransaction();
            var members = transaction.SetMembersAsync(_key);
            _ = transaction.KeyDeleteAsync(_key);
            await transaction.ExecuteAsync();
            var values = await members;
            return [.. values.Select(value => int.Parse(value.ToString(), CultureInfo.InvariantCulture))];
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("Reading restart requests from Redis failed: " + exception.Message, exception);
        }
    }
}

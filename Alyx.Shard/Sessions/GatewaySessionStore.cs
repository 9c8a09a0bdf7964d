using System.Globalization;
using Alyx.Coordination.Redis;
using Alyx.Discord.Gateway;
using StackExchange.Redis;

namespace Alyx.Shard.Sessions;

/// <summary>
/// Hands a gateway session from a stopping host to its successor through Redis, at
/// <c>{root}session:{set}:{shard}</c>: a hash with the session id, sequence and resume URL that expires by itself, so
/// a session nobody took does not outlive Discord's resume window.
/// </summary>
public sealed class GatewaySessionStore(IConnectionMultiplexer redis, ClusterKeys keys) : IGatewaySessionStore
{
    private const string SessionIdField = "session_id";
    private const string SequenceField = "seq";
    private const string ResumeUrlField = "resume_gateway_url";

    /// <summary>Saves the session for the successor of the shard; it expires after <paramref name="timeToLive"/>.</summary>
    /// <exception cref="CoordinationUnavailableException">Redis is unreachable.</exception>
    public async Task SaveAsync(long shardSet, int shardId, GatewaySession session, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = Key(shardSet, shardId);
        var database = redis.GetDatabase();
        try
        {
            var transaction = database.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key,
            [
                new HashEntry(SessionIdField, session.SessionId),
                new HashEntry(SequenceField, session.Sequence),
                new HashEntry(ResumeUrlField, session.ResumeGatewayUrl),
            ]);
            _ = transaction.KeyExpireAsync(key, timeToLive);
            await transaction.ExecuteAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("save gateway session", exception);
        }
    }

    /// <summary>
    /// Reads and deletes the saved session of the shard in one step, so at most one successor resumes it.
    /// Returns null when none is saved.
    /// </summary>
    /// <exception cref="CoordinationUnavailableException">Redis is unreachable.</exception>
    public async Task<GatewaySession?> TakeAsync(long shardSet, int shardId)
    {
        var key = Key(shardSet, shardId);
        var database = redis.GetDatabase();
        HashEntry[] entries;
        try
        {
            var transaction = database.CreateTransaction();
            var read = transaction.HashGetAllAsync(key);
            _ = transaction.KeyDeleteAsync(key);
            await transaction.ExecuteAsync();
            entries = await read;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("take gateway session", exception);
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        return fields.TryGetValue(SessionIdField, out var id)
            && fields.TryGetValue(SequenceField, out var sequenceText)
            && int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && fields.TryGetValue(ResumeUrlField, out var url)
                ? new GatewaySession(id, sequence, url)
                : null;
    }

    private RedisKey Key(long shardSet, int shardId) =>
        keys.For("session", shardSet.ToString(CultureInfo.InvariantCulture), shardId.ToString(CultureInfo.InvariantCulture));
}

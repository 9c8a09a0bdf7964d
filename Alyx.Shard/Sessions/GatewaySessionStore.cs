using System.Globalization;
using Alyx.Coordination.Redis;
using Alyx.Discord.Gateway;
using StackExchange.Redis;

namespace Alyx.Shard.Sessions;

/// <summary>
/// Hands a gateway session from a stopping host to its successor through Redis, at
/// <c>{root}session:{set}:{shard}</c>: a hash with the session id, sequence, resume URL, origin and guild ids
/// (comma-separated) that expires by itself, so a session that no successor took does not outlive Discord's resume window.
/// </summary>
public sealed class GatewaySessionStore(IConnectionMultiplexer redis, ClusterKeys keys) : IGatewaySessionStore
{
    private const string SessionIdField = "session_id";
    private const string SequenceField = "seq";
    private const string ResumeUrlField = "resume_gateway_url";
    private const string OriginField = "origin";
    private const string GuildIdsField = "guild_ids";

    /// <inheritdoc />
    public async Task SaveAsync(long shardSet, int shardId, SessionHandover handover, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(handover);
        var session = handover.Session;
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
                new HashEntry(OriginField, handover.Origin),
                new HashEntry(GuildIdsField, string.Join(',', handover.GuildIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))),
            ]);
            _ = transaction.KeyExpireAsync(key, timeToLive);
            await transaction.ExecuteAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("save gateway session", exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>A hash saved by an older version, without origin or guild ids, reads as no handover.</remarks>
    public async Task<SessionHandover?> TakeAsync(long shardSet, int shardId)
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
        if (!fields.TryGetValue(SessionIdField, out var id)
            || !fields.TryGetValue(SequenceField, out var sequenceText)
            || !int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !fields.TryGetValue(ResumeUrlField, out var url)
            || !fields.TryGetValue(OriginField, out var origin)
            || !fields.TryGetValue(GuildIdsField, out var guildIdsText))
        {
            return null;
        }

        var guildIds = new List<ulong>();
        foreach (var part in guildIdsText.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var guildId))
            {
                return null;
            }

            guildIds.Add(guildId);
        }

        return new SessionHandover(new GatewaySession(id, sequence, url), origin, guildIds);
    }

    private RedisKey Key(long shardSet, int shardId) =>
        keys.For("session", shardSet.ToString(CultureInfo.InvariantCulture), shardId.ToString(CultureInfo.InvariantCulture));
}

using System.Globalization;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.State;

/// <summary>
/// The active shard set record in the hash <c>active-set</c>: <c>epoch</c>, <c>count</c>, <c>from</c> (cutover instant,
/// Unix ms on the server's clock), <c>prevEpoch</c>, <c>prevCount</c> and <c>noticeMs</c>.
/// </summary>
public sealed partial class RedisClusterStateStore
{
    // Every script returns {now, epoch, count, from, prevEpoch, prevCount, noticeMs}, with nil fields when there is no
    // record or no previous set; the write scripts return {0} when the stored epoch is not the expected one.

    // KEYS[1] active-set hash. No ARGV. The record and the server's TIME come from one script, so a host compares its
    // events with a clock reading that is no later than its view of the record.
    private static readonly RedisScript ReadActiveSetScript = new("active shard set read", """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local v = redis.call('HMGET', KEYS[1], 'epoch', 'count', 'from', 'prevEpoch', 'prevCount', 'noticeMs')
        return {now, v[1], v[2], v[3], v[4], v[5], v[6]}
        """);

    // KEYS[1] active-set hash. ARGV[1] expected epoch or '' for no record, ARGV[2] new epoch, ARGV[3] shard count,
    // ARGV[4] notice ms, ARGV[5] 'switch' or 'activate'.
    // Invariant: a switch sets the cutover instant at least max(ARGV[4], stored noticeMs) after the server's TIME, so a
    // reader that saw no switch at time R can rely on no cutover before R + noticeMs. 'activate' drops the previous set.
    private static readonly RedisScript WriteActiveSetScript = new("active shard set write", """
        local current = redis.call('HGET', KEYS[1], 'epoch')
        if (current or '') ~= ARGV[1] then return {0} end
        if ARGV[5] == 'switch' and not current then return {0} end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local notice = tonumber(ARGV[4])
        if ARGV[5] == 'switch' then
          notice = math.max(notice, tonumber(redis.call('HGET', KEYS[1], 'noticeMs')) or 0)
          local count = redis.call('HGET', KEYS[1], 'count')
          redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'count', ARGV[3], 'from', now + notice,
            'prevEpoch', current, 'prevCount', count, 'noticeMs', notice)
        else
          redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'count', ARGV[3], 'from', 0, 'noticeMs', notice)
          redis.call('HDEL', KEYS[1], 'prevEpoch', 'prevCount')
        end
        local v = redis.call('HMGET', KEYS[1], 'epoch', 'count', 'from', 'prevEpoch', 'prevCount', 'noticeMs')
        return {now, v[1], v[2], v[3], v[4], v[5], v[6]}
        """);

    /// <inheritdoc />
    public async Task<ActiveShardSetReading> ReadActiveShardSetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReadActiveSetScript.EvaluateArrayAsync(Database, [_keys.For("active-set")], []);
        return new ActiveShardSetReading(ParseActiveSet(reply), DateTimeOffset.FromUnixTimeMilliseconds((long)reply[0]));
    }

    /// <inheritdoc />
    public Task<ActiveShardSet?> ActivateShardSetAsync(long? expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken) =>
        WriteActiveSetAsync(expectedEpoch, epoch, shardCount, cutoverNotice, "activate", cancellationToken);

    /// <inheritdoc />
    public Task<ActiveShardSet?> SwitchActiveShardSetAsync(long expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken) =>
        WriteActiveSetAsync(expectedEpoch, epoch, shardCount, cutoverNotice, "switch", cancellationToken);

    private async Task<ActiveShardSet?> WriteActiveSetAsync(
        long? expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, string mode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(cutoverNotice, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var expected = expectedEpoch?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var noticeMs = (long)Math.Ceiling(cutoverNotice.TotalMilliseconds);
        var reply = await WriteActiveSetScript.EvaluateArrayAsync(
            Database, [_keys.For("active-set")], [expected, epoch, shardCount, noticeMs, mode]);
        return reply.Length == 1 ? null : ParseActiveSet(reply);
    }

    private static ActiveShardSet? ParseActiveSet(RedisResult[] reply)
    {
        if (reply.Length < 7 || reply[1].IsNull)
        {
            return null;
        }

        return new ActiveShardSet(
            (long)reply[1],
            (int)reply[2],
            DateTimeOffset.FromUnixTimeMilliseconds((long)reply[3]),
            reply[4].IsNull ? null : (long)reply[4],
            reply[5].IsNull ? null : (int)reply[5],
            TimeSpan.FromMilliseconds(reply[6].IsNull ? 0 : (long)reply[6]));
    }
}

using System.Globalization;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Leases;

/// <summary>
/// Leases in Redis. A lease is the string key <c>lease:{name}</c> holding <c>{token}|{holderId}</c> with a PX
/// expiry; the fencing token comes from INCR on <c>lease-fence</c>; the set <c>leases</c> lists lease names for
/// <see cref="ReadAllAsync"/>. Every check-and-act runs inside one Lua script.
/// </summary>
/// <remarks>
/// Redis without persistence forgets its keys when it restarts, and a holder that acquired before the restart may
/// still be inside its local deadline. The fence counter is the tell: when it is missing, the acquire script starts
/// it at the server time in microseconds (so tokens keep growing across the restart) and refuses every acquisition
/// until the quiet period has passed since the server started. The quiet period must be at least the longest lease
/// time to live in the cluster. A new cluster on a server that has run longer than that acquires at once, because no
/// lease granted before a restart can still be trusted by its holder.
/// NOTE: a failover to a replica that missed the last writes keeps the counter, and FLUSHALL on a running server
/// drops it without a restart, so the quiet period covers neither. Use Redis with AOF persistence (or a single
/// primary) and do not flush a live cluster's keys.
/// </remarks>
public sealed class RedisLeaseStore : ILeaseStore
{
    // KEYS[1] lease key, KEYS[2] fence counter, KEYS[3] set of lease names, KEYS[4] quiet-period key.
    // ARGV[1] holder id, ARGV[2] time to live (ms), ARGV[3] lease name, ARGV[4] quiet period (ms).
    // Returns {1, token} when acquired, {0, value, pttl} when held, {2, pttl} during the quiet period.
    // Invariant: the lease key is written only when absent, and each write takes a token greater than all earlier ones.
    // A missing fence counter means a new cluster or lost data. Holders from before a restart stop trusting their
    // leases at most one time to live after it, so the quiet period runs from the server's start, not from now.
    // INFO uptime_in_seconds counts whole seconds rounded down, which errs on the long side.
    private static readonly RedisScript AcquireScript = new("lease acquire", """
        local quiet = redis.call('PTTL', KEYS[4])
        if quiet > 0 then return {2, quiet} end
        local current = redis.call('GET', KEYS[1])
        if current then return {0, current, redis.call('PTTL', KEYS[1])} end
        if redis.call('EXISTS', KEYS[2]) == 0 then
          local now = redis.call('TIME')
          redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
          local uptime = tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)')) or 0
          local quiet = tonumber(ARGV[4]) - uptime * 1000
          if quiet > 0 then
            redis.call('SET', KEYS[4], '1', 'PX', string.format('%.0f', quiet))
            return {2, quiet}
          end
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], string.format('%.0f', token) .. '|' .. ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[3], ARGV[3])
        return {1, token}
        """);

    // KEYS[1] lease key. ARGV[1] expected value "{token}|{holder}", ARGV[2] time to live (ms).
    // Returns 1 when extended, 0 otherwise. Invariant: only the current holder with its own token extends the lease.
    private static readonly RedisScript RenewScript = new("lease renew", """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """);

    // KEYS[1] lease key, KEYS[2] set of lease names. ARGV[1] expected value "{token}|{holder}", ARGV[2] lease name.
    // Returns 1 when deleted, 0 otherwise. Invariant: only the current holder with its own token deletes the lease.
    private static readonly RedisScript ReleaseScript = new("lease release", """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('SREM', KEYS[2], ARGV[2])
          return 1
        end
        return 0
        """);

    // KEYS[1] set of lease names. ARGV[1] the lease key prefix ("...:lease:").
    // Returns name, value, pttl triples for live leases and drops names whose key expired. The lease keys are built
    // inside the script; they share the cluster's hash tag with KEYS[1], so the script stays legal on Redis Cluster.
    private static readonly RedisScript ReadAllScript = new("lease read all", """
        local result = {}
        for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local key = ARGV[1] .. name
          local value = redis.call('GET', key)
          if value then
            table.insert(result, name)
            table.insert(result, value)
            table.insert(result, redis.call('PTTL', key))
          else
            redis.call('SREM', KEYS[1], name)
          end
        end
        return result
        """);

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;
    private readonly long _quietPeriodMs;

    /// <summary>Creates the store.</summary>
    /// <param name="connection">The shared Redis connection.</param>
    /// <param name="keys">The cluster's keys.</param>
    /// <param name="restartQuietPeriod">
    /// How long after a Redis server's start acquisitions stay refused when the cluster's fence counter is missing
    /// (lost data, or a new cluster on a server that just started). Set it to at least the longest lease time to
    /// live any holder of the cluster uses; zero turns the protection off.
    /// </param>
    public RedisLeaseStore(IConnectionMultiplexer connection, ClusterKeys keys, TimeSpan restartQuietPeriod)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(restartQuietPeriod, TimeSpan.Zero);
        _connection = connection;
        _keys = keys;
        _quietPeriodMs = (long)restartQuietPeriod.TotalMilliseconds;
    }

    /// <inheritdoc />
    public async Task<LeaseAcquireResult> TryAcquireAsync(string name, string holderId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holderId);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await AcquireScript.EvaluateArrayAsync(
            Database,
            [LeaseKey(name), _keys.For("lease-fence"), _keys.For("leases"), _keys.For("lease-quiet")],
            [holderId, Milliseconds(timeToLive), name, _quietPeriodMs]);
        return (int)reply[0] switch
        {
            1 => LeaseAcquireResult.Success((long)reply[1]),
            0 => LeaseAcquireResult.Held(Parse(name, reply[1].ToString(), (long)reply[2])),
            _ => LeaseAcquireResult.Quiet(TimeSpan.FromMilliseconds((long)reply[1])),
        };
    }

    /// <inheritdoc />
    public async Task<bool> RenewAsync(string name, string holderId, long fencingToken, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RenewScript.EvaluateAsync(
            Database, [LeaseKey(name)], [Value(holderId, fencingToken), Milliseconds(timeToLive)]);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(string name, string holderId, long fencingToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReleaseScript.EvaluateAsync(
            Database, [LeaseKey(name), _keys.For("leases")], [Value(holderId, fencingToken), name]);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeaseRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReadAllScript.EvaluateArrayAsync(Database, [_keys.For("leases")], [_keys.For("lease", string.Empty)]);
        var leases = new List<LeaseRecord>(reply.Length / 3);
        for (var i = 0; i + 2 < reply.Length; i += 3)
        {
            leases.Add(Parse(reply[i].ToString(), reply[i + 1].ToString(), (long)reply[i + 2]));
        }

        return leases;
    }

    private IDatabase Database => _connection.GetDatabase();

    private RedisKey LeaseKey(string name) => _keys.For("lease", name);

    private static string Value(string holderId, long fencingToken) =>
        string.Create(CultureInfo.InvariantCulture, $"{fencingToken}|{holderId}");

    private static long Milliseconds(TimeSpan duration) => (long)Math.Ceiling(duration.TotalMilliseconds);

    private static LeaseRecord Parse(string name, string value, long timeToLiveMs)
    {
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        var token = long.Parse(value.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture);
        return new LeaseRecord(name, value[(separator + 1)..], token, TimeSpan.FromMilliseconds(Math.Max(timeToLiveMs, 0)));
    }
}

using Alyx.Coordination.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Coordination.Identify;

/// <summary>
/// The identify gate in Redis, shared by every process of a cluster. The hash <c>identify:budget</c> contains the
/// session start budget (<c>total</c>, <c>remaining</c>, <c>reset_at</c> in Unix ms, <c>max_concurrency</c>,
/// <c>version</c>); the hash <c>identify:slots</c> maps each bucket to its next free slot in Unix ms. Slots are
/// computed on the Redis server's clock (TIME), so processes with skewed clocks still space their grants correctly.
/// </summary>
public sealed class RedisIdentifyGate : ReservingIdentifyGate
{
    // KEYS[1] budget hash, KEYS[2] slots hash. ARGV[1] shard id, ARGV[2] slot spacing (ms), ARGV[3] reserve, ARGV[4] period (ms).
    // Returns {1, bucket, slot_ms, now_ms, version} when reserved, {0, remaining, reset_at_ms} when the budget is
    // at or below the reserve, {-1} when no budget is set.
    // Invariant: the slots of one bucket are at least one spacing apart and none lies before the budget's floor, each
    // reservation takes one session start, and no reservation is made while remaining <= reserve. A passed reset
    // refills the budget to its total.
    private static readonly RedisScript ReserveScript = new("identify reserve", """
        local budget = redis.call('HMGET', KEYS[1], 'total', 'remaining', 'reset_at', 'max_concurrency', 'version', 'floor')
        if not budget[1] then return {-1} end
        local total, remaining, reset_at = tonumber(budget[1]), tonumber(budget[2]), tonumber(budget[3])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        if now >= reset_at then
          local period = tonumber(ARGV[4])
          remaining = total
          reset_at = reset_at + (math.floor((now - reset_at) / period) + 1) * period
          redis.call('HSET', KEYS[1], 'remaining', remaining, 'reset_at', string.format('%.0f', reset_at))
        end
        if remaining <= tonumber(ARGV[3]) then return {0, remaining, reset_at} end
        local bucket = tonumber(ARGV[1]) % tonumber(budget[4])
        local slot = math.max(now, tonumber(budget[6]) or 0, tonumber(redis.call('HGET', KEYS[2], bucket)) or 0)
        redis.call('HSET', KEYS[2], bucket, string.format('%.0f', slot + tonumber(ARGV[2])))
        redis.call('HSET', KEYS[1], 'remaining', remaining - 1)
        return {1, bucket, slot, now, tonumber(budget[5])}
        """);

    // KEYS[1] budget hash, KEYS[2] slots hash. ARGV[1] bucket, ARGV[2] slot (ms), ARGV[3] slot spacing (ms), ARGV[4] budget version.
    // Hands an unused slot back if it is still the last of its bucket, and refunds its session start if the budget
    // was not replaced since the reservation. Invariant: never moves a slot that a later waiter relies on.
    private static readonly RedisScript CancelScript = new("identify cancel", """
        local next = tonumber(redis.call('HGET', KEYS[2], ARGV[1]))
        if next and next == tonumber(ARGV[2]) + tonumber(ARGV[3]) then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        end
        local budget = redis.call('HMGET', KEYS[1], 'total', 'remaining', 'version')
        if budget[3] == ARGV[4] and tonumber(budget[2]) < tonumber(budget[1]) then
          redis.call('HINCRBY', KEYS[1], 'remaining', 1)
        end
        return 1
        """);

    // KEYS[1] budget hash. ARGV total, remaining, reset_at (Unix ms), max_concurrency, hold (ms: the slot spacing, or
    // 0 when the options turn the first-budget hold off).
    // Replaces the budget and increments its version, so refunds for reservations made before are dropped. When the
    // hash had no version (a new cluster, or Redis lost its data), it also sets 'floor' to the server's start plus
    // one spacing: grants made before a restart are unknown, so no bucket grants until one spacing after it. The
    // start is now minus INFO uptime_in_seconds, which counts whole seconds rounded down, so the floor errs late.
    // A new cluster on a server that has run longer than one spacing grants at once.
    private static readonly RedisScript SetBudgetScript = new("identify set budget", """
        if redis.call('HEXISTS', KEYS[1], 'version') == 0 and tonumber(ARGV[5]) > 0 then
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          local uptime = tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)')) or 0
          redis.call('HSET', KEYS[1], 'floor', string.format('%.0f', now - uptime * 1000 + tonumber(ARGV[5])))
        end
        redis.call('HSET', KEYS[1], 'total', ARGV[1], 'remaining', ARGV[2], 'reset_at', ARGV[3], 'max_concurrency', ARGV[4])
        return redis.call('HINCRBY', KEYS[1], 'version', 1)
        """);

    // KEYS[1] budget hash. Returns {total, remaining, reset_at, max_concurrency, now_ms} in one step, or {} when no
    // budget is set. Read-only.
    private static readonly RedisScript ReadBudgetScript = new("identify read budget", """
        local budget = redis.call('HMGET', KEYS[1], 'total', 'remaining', 'reset_at', 'max_concurrency')
        if not budget[1] then return {} end
        local time = redis.call('TIME')
        table.insert(budget, tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
        return budget
        """);

    // KEYS[1] budget hash, unread: it routes the script to the node whose clock the slots are on. Returns that
    // server's clock in Unix ms, rounded down. Read-only.
    private static readonly RedisScript ClockScript = new("identify clock", """
        local time = redis.call('TIME')
        return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        """);

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;

    /// <summary>Creates the gate.</summary>
    public RedisIdentifyGate(
        IConnectionMultiplexer connection,
        ClusterKeys keys,
        IdentifyGateOptions options,
        TimeProvider timeProvider,
        ILogger<RedisIdentifyGate>? logger = null)
        : base(options, timeProvider, logger ?? NullLogger<RedisIdentifyGate>.Instance)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    }

    /// <inheritdoc />
    public override async Task SetBudgetAsync(SessionStartBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.ThrowIfInvalid();
        cancellationToken.ThrowIfCancellationRequested();
        await SetBudgetScript.EvaluateAsync(
            Database,
            [BudgetKey],
            [budget.Total, budget.Remaining, budget.ResetsAt.ToUnixTimeMilliseconds(), budget.MaxConcurrency, Options.HoldFirstBudget ? SpacingMs : 0]);
    }

    /// <inheritdoc />
    public override async Task<SessionStartBudget?> GetBudgetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await ReadBudgetScript.EvaluateArrayAsync(Database, [BudgetKey], []);
        if (fields.Length == 0)
        {
            return null;
        }

        var budget = new SessionStartBudget(
            (int)fields[0], (int)fields[1], DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]), (int)fields[3]);
        return budget.At(DateTimeOffset.FromUnixTimeMilliseconds((long)fields[4]));
    }

    private protected override async Task<IdentifySlot> ReserveAsync(int shardId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReserveScript.EvaluateArrayAsync(
            Database,
            [BudgetKey, SlotsKey],
            [shardId, SpacingMs, Options.Reserve, (long)SessionStartBudget.Period.TotalMilliseconds]);
        switch ((int)reply[0])
        {
            case 1:
                var slot = (long)reply[2];
                var now = (long)reply[3];
                return new IdentifySlot(
                    (int)reply[1], DateTimeOffset.FromUnixTimeMilliseconds(slot), TimeSpan.FromMilliseconds(slot - now), (long)reply[4]);
            case 0:
                throw Exhausted((int)reply[1], DateTimeOffset.FromUnixTimeMilliseconds((long)reply[2]));
            default:
                throw BudgetNotSet($"cluster '{_keys.Cluster}'");
        }
    }

    private protected override async Task<DateTimeOffset> ReadStoreClockAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ClockScript.EvaluateAsync(Database, [BudgetKey], []);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)reply);
    }

    private protected override async Task CancelAsync(IdentifySlot slot) =>
        await CancelScript.EvaluateAsync(
            Database,
            [BudgetKey, SlotsKey],
            [slot.Bucket, slot.SlotTime.ToUnixTimeMilliseconds(), SpacingMs, slot.BudgetVersion]);

    private long SpacingMs => (long)Math.Ceiling(Options.SlotSpacing.TotalMilliseconds);

    private IDatabase Database => _connection.GetDatabase();

    private RedisKey BudgetKey => _keys.For("identify", "budget");

    private RedisKey SlotsKey => _keys.For("identify", "slots");
}

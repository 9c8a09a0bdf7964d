using Alyx.Coordination.State;
using Alyx.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Cutover;

/// <summary>
/// Sits between the gateway and the plugins of one shard host and applies <see cref="CutoverRule"/> to each event.
/// Held events wait in arrival order and are decided again after every read of the active shard set. Events without a
/// snowflake position are placed at their arrival time on the store's clock, estimated from the last read and the
/// monotonic time since its reply.
/// </summary>
public sealed partial class EventCutover
{
    /// <summary>The maximum number of held events; beyond it the oldest held event is dropped.</summary>
    public const int MaxHeldEvents = 50_000;

    // Session events describe this host's own gateway session, which no other set shares.
    private static readonly HashSet<string> SessionEvents = new(StringComparer.Ordinal) { DispatchEventNames.Ready, DispatchEventNames.Resumed };

    private readonly long _shardSet;
    private readonly Action<GatewayDispatch> _handle;
    private readonly Action _dropped;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<(GatewayDispatch Dispatch, DateTimeOffset? Position, long ArrivedAt)> _held = new();
    private ActiveShardSetReading? _reading;
    private long _readingTimestamp;
    private long _overflowed;

    /// <summary>Creates the gate for a host of <paramref name="shardSet"/>.</summary>
    /// <param name="shardSet">The epoch of the host's shard set.</param>
    /// <param name="handle">Hands an event to the plugins; called under the gate's lock, in arrival order, and must not block.</param>
    /// <param name="dropped">Counts an event that another set handles.</param>
    /// <param name="timeProvider">The monotonic clock for arrival times.</param>
    /// <param name="logger">The logger.</param>
    public EventCutover(long shardSet, Action<GatewayDispatch> handle, Action dropped, TimeProvider timeProvider, ILogger logger)
    {
        _shardSet = shardSet;
        _handle = handle ?? throw new ArgumentNullException(nameof(handle));
        _dropped = dropped ?? throw new ArgumentNullException(nameof(dropped));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Events waiting for a later read.</summary>
    /// <remarks>
    /// NOTE: held events count as delivered in the gateway session's sequence, so a host that stops while it holds
    /// events saves a session whose successor does not replay them.
    /// </remarks>
    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>The last reading applied, or null before the first.</summary>
    public ActiveShardSetReading? Reading
    {
        get
        {
            lock (_gate)
            {
                return _reading;
            }
        }
    }

    /// <summary>Takes one event from the gateway's receive loop and hands it on, drops it or keeps it for a later read.</summary>
    public void Offer(GatewayDispatch dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        if (SessionEvents.Contains(dispatch.Name))
        {
            lock (_gate)
            {
                _handle(dispatch);
            }

            return;
        }

        var position = EventPosition.FromSnowflake(dispatch);
        var arrivedAt = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            _held.Enqueue((dispatch, position, arrivedAt));
            if (_held.Count > MaxHeldEvents)
            {
                _held.Dequeue();
                _dropped();
                if (_overflowed++ % 1000 == 0)
                {
                    LogOverflow(_shardSet, MaxHeldEvents, _overflowed);
                }
            }

            Release();
        }
    }

    /// <summary>Applies a new read of the active shard set, taken when its reply arrived at <paramref name="replyTimestamp"/>.</summary>
    /// <param name="reading">The reading.</param>
    /// <param name="replyTimestamp">The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the reply.</param>
    public void Update(ActiveShardSetReading reading, long replyTimestamp)
    {
        ArgumentNullException.ThrowIfNull(reading);
        lock (_gate)
        {
            if (_reading?.Set != reading.Set)
            {
                LogActiveSet(_shardSet, reading.Set?.Epoch, reading.Set?.ActiveFrom, reading.Set?.PreviousEpoch);
            }

            _reading = reading;
            _readingTimestamp = replyTimestamp;
            Release();
        }
    }

    /// <summary>Decides held events from the oldest and stops at the first that must still wait, which keeps their order.</summary>
    private void Release()
    {
        while (_held.TryPeek(out var next))
        {
            var position = next.Position ?? ArrivalPosition(next.ArrivedAt);
            var decision = CutoverRule.Decide(_reading, _shardSet, position);
            if (decision == CutoverDecision.Hold)
            {
                return;
            }

            _held.Dequeue();
            if (decision == CutoverDecision.Handle)
            {
                _handle(next.Dispatch);
            }
            else
            {
                _dropped();
            }
        }
    }

    // Before the first reading the rule returns Hold for every position, so any value serves.
    private DateTimeOffset ArrivalPosition(long arrivedAt) => _reading is null
        ? DateTimeOffset.UnixEpoch
        : _reading.ReadAt + _timeProvider.GetElapsedTime(_readingTimestamp, arrivedAt);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Shard set {ShardSet}: active set is {ActiveEpoch} from {ActiveFrom}, previous set {PreviousEpoch}")]
    private partial void LogActiveSet(long shardSet, long? activeEpoch, DateTimeOffset? activeFrom, long? previousEpoch);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Shard set {ShardSet}: more than {MaxHeld} events wait for a read of the active shard set; dropped the oldest ({Dropped} so far)")]
    private partial void LogOverflow(long shardSet, int maxHeld, long dropped);
}

using Alyx.Abstractions.Sharding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Discord.Gateway;

/// <summary>
/// One shard's gateway connection: it identifies through the injected <see cref="IIdentifyGate"/> (a resume skips
/// the gate), heartbeats, resumes after drops, RECONNECT and resumable INVALID_SESSION, identifies again when the
/// session is gone, and stops with a typed <see cref="Failure"/> on a fatal close code instead of reconnecting.
/// </summary>
public sealed partial class GatewayShard : IAsyncDisposable
{
    /// <summary>The close code this client uses when it closes a connection but wants to keep the session resumable.</summary>
    public const int ReconnectCloseCode = 4900;

    private readonly GatewayShardOptions _options;
    private readonly IIdentifyGate _identifyGate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _stateLock = new();
    private readonly Lock _guildLock = new();
    private readonly HashSet<ulong> _guildIds = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ShardState _state = ShardState.Disconnected;
    private GatewayFailure? _failure;
    private string? _sessionId;
    private string? _resumeUrl;
    private int _sequence;
    private long _latencyTicks = -1;
    private GatewayConnection? _connection;
    private volatile bool _stopRequested;
    private Task? _run;

    /// <summary>Creates a shard connection; <see cref="StartAsync"/> connects it.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every invalid setting.</exception>
    public GatewayShard(GatewayShardOptions options, IIdentifyGate identifyGate, TimeProvider? timeProvider = null, ILogger<GatewayShard>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identifyGate);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid gateway shard options: " + string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _identifyGate = identifyGate;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<GatewayShard>.Instance;
        if (options.InitialSession is { } session)
        {
            _sessionId = session.SessionId;
            _resumeUrl = session.ResumeGatewayUrl;
            _sequence = session.Sequence;
            _guildIds.UnionWith(options.InitialGuildIds);
        }
    }

    /// <summary>Raised on every state change, on the connection's thread; handlers must be quick and must not throw.</summary>
    public event EventHandler<ShardStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Raised for every dispatch event, READY and RESUMED included, in sequence order on the receive loop. A slow
    /// handler delays heartbeat ACK processing, so queue heavy work. Exceptions are logged and swallowed.
    /// </summary>
    public event EventHandler<GatewayDispatch>? DispatchReceived;

    /// <summary>Raised with the new <see cref="Latency"/> on every heartbeat ACK, on the receive loop; handlers must be quick.</summary>
    public event EventHandler<TimeSpan>? LatencyUpdated;

    /// <summary>The shard id.</summary>
    public int ShardId => _options.ShardId;

    /// <summary>The shard count this connection identifies with.</summary>
    public int ShardCount => _options.ShardCount;

    /// <summary>The current connection state.</summary>
    public ShardState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the shard stopped for good, once <see cref="State"/> is <see cref="ShardState.Failed"/>.</summary>
    public GatewayFailure? Failure
    {
        get
        {
            lock (_stateLock)
            {
                return _failure;
            }
        }
    }

    /// <summary>The session a successor can resume from, or null before the first READY or after the session ended.</summary>
    public GatewaySession? Session
    {
        get
        {
            lock (_stateLock)
            {
                return _sessionId is null || _resumeUrl is null ? null : new GatewaySession(_sessionId, Volatile.Read(ref _sequence), _resumeUrl);
            }
        }
    }

    /// <summary>Time between the last heartbeat and its ACK, or null before the first ACK.</summary>
    public TimeSpan? Latency
    {
        get
        {
            var ticks = Interlocked.Read(ref _latencyTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>Guilds of this shard, available or not: READY's list plus joins minus removals.</summary>
    public int GuildCount
    {
        get
        {
            lock (_guildLock)
            {
                return _guildIds.Count;
            }
        }
    }

    /// <summary>A copy of the guild ids behind <see cref="GuildCount"/>, for a successor that resumes the session.</summary>
    public IReadOnlyCollection<ulong> GuildIds
    {
        get
        {
            lock (_guildLock)
            {
                return [.. _guildIds];
            }
        }
    }

    /// <summary>Completes when the connection loop ends after <see cref="StopAsync"/> or a fatal failure.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Starts the connection loop in the background and returns without waiting for READY.</summary>
    /// <exception cref="InvalidOperationException">The shard was started before.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_run is not null)
        {
            throw new InvalidOperationException($"Shard {ShardId} was started already; create a new GatewayShard to connect again.");
        }

        _run = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Waits until the shard is <see cref="ShardState.Ready"/>.</summary>
    /// <exception cref="GatewayFailureException">The shard failed for good before becoming ready.</exception>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_stateLock)
        {
            ready = _ready.Task;
        }

        return ready.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the connection and ends the loop. With <see cref="ShardStopMode.KeepSession"/>, <see cref="Session"/>
    /// stays valid for a successor to resume for a few minutes.
    /// </summary>
    public async Task StopAsync(ShardStopMode mode, CancellationToken cancellationToken)
    {
        _stopRequested = true;
        if (mode == ShardStopMode.EndSession)
        {
            ClearSession();
        }

        if (_stopping.IsCancellationRequested)
        {
            await Completion.WaitAsync(cancellationToken);
            return;
        }

        var connection = _connection;
        if (connection is not null)
        {
            await connection.CloseAsync(mode == ShardStopMode.EndSession ? 1000 : ReconnectCloseCode, "stopping");
        }

        await _stopping.CancelAsync();
        await Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a presence update (op 3) on the current connection.</summary>
    /// <exception cref="InvalidOperationException">The shard is not in the Ready state.</exception>
    /// <exception cref="GatewayPayloadTooLargeException">The payload is over 4096 bytes.</exception>
    public ValueTask UpdatePresenceAsync(GatewayPresence presence, CancellationToken cancellationToken)
    {
        var data = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(presence, Json.DiscordJsonContext.Default.GatewayPresence);
        return SendAsync(GatewayOpcodes.PresenceUpdate, data, cancellationToken);
    }

    /// <summary>
    /// Sends a payload with opcode <paramref name="opcode"/> and the UTF-8 JSON <paramref name="utf8Data"/> as
    /// <c>d</c>, after checking the 4096-byte limit and waiting for the 120-per-60-s send limit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The shard is not in the Ready state.</exception>
    /// <exception cref="GatewayPayloadTooLargeException">The payload is over 4096 bytes.</exception>
    public async ValueTask SendAsync(int opcode, ReadOnlyMemory<byte> utf8Data, CancellationToken cancellationToken)
    {
        var payload = GatewayPayloadWriter.Payload(opcode, utf8Data.Span);

        // The gateway closes with 4003 on anything but heartbeats before the session is established.
        var connection = State == ShardState.Ready ? _connection : null;
        if (connection is null)
        {
            throw new InvalidOperationException($"Shard {ShardId} is {State}, not Ready; wait for the Ready state before sending.");
        }

        await connection.SendAsync(opcode, payload, control: false, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_run is not null && !_run.IsCompleted)
        {
            await StopAsync(ShardStopMode.KeepSession, CancellationToken.None);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Shard {ShardId} state {Previous} -> {Current}: {Reason}")]
    private partial void LogStateChanged(int shardId, ShardState previous, ShardState current, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Shard {ShardId} connection failed")]
    private partial void LogConnectionError(int shardId, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Shard {ShardId} will {Action} in {Delay}: {Reason}")]
    private partial void LogReconnecting(int shardId, CloseAction action, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Shard {ShardId} failed for good ({Kind}, close code {CloseCode}): {Message}")]
    private partial void LogFatal(int shardId, GatewayFailureKind kind, int? closeCode, string message);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Shard {ShardId}: a {Handler} handler threw")]
    private partial void LogHandlerFailed(int shardId, string handler, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Shard {ShardId}: no heartbeat ACK before the next beat; closing the zombie connection to resume")]
    private partial void LogZombie(int shardId);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "Shard {ShardId} sent {Kind} (identify gate bucket {Bucket}, waited {Waited})")]
    private partial void LogIdentified(int shardId, string kind, int bucket, TimeSpan waited);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Shard {ShardId}: unexpected error in the connection; reconnecting after backoff")]
    private partial void LogUnexpectedError(int shardId, Exception exception);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Warning, Message = "Shard {ShardId}: identify grant of bucket {Bucket} expired {LateMs} ms before IDENTIFY could be sent; waiting for a new one")]
    private partial void LogIdentifyGrantExpired(int shardId, int bucket, double lateMs);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Shard {ShardId}: resuming session {SessionId} failed {Attempts} times in a row ({Reason}); dropping it and identifying")]
    private partial void LogResumeAbandoned(int shardId, string sessionId, int attempts, string reason);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Shard {ShardId}: {Message}")]
    private partial void LogProtocol(int shardId, string message);
}

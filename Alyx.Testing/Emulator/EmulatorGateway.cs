using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Alyx.Abstractions.Sharding;
using Alyx.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace Alyx.Testing.Emulator;

/// <summary>
/// The emulated gateway: connections, sessions, the identify buckets and the statistics. All state is behind one
/// lock that is never held across an await. Payloads are queued on connections while the lock is held, so their
/// order matches the sequence numbers.
/// </summary>
internal sealed partial class EmulatorGateway
{
    private const GatewayIntents Privileged = GatewayIntents.GuildMembers | GatewayIntents.GuildPresences | GatewayIntents.MessageContent;

    private static readonly int DefinedIntents = Enum.GetValues<GatewayIntents>().Aggregate(0, (all, intent) => all | (int)intent);

    private readonly DiscordEmulatorOptions _options;
    private readonly IReadOnlyList<ulong> _guildIds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatorSession> _sessions = [];
    private readonly List<EmulatorConnection> _connections = [];
    private readonly long?[] _lastIdentifyInBucket;
    private readonly List<IdentifyAttempt> _identifies = [];
    private readonly List<SessionPeriod> _periods = [];
    private readonly List<SessionOverlap> _overlaps = [];
    private int _identifyViolations;
    private int _resumes;
    private int _replayed;
    private int _sessionStartRemaining;
    private int _nextConnectionId;

    public EmulatorGateway(DiscordEmulatorOptions options, IReadOnlyList<ulong> guildIds, TimeProvider time, ILogger logger)
    {
        _options = options;
        _guildIds = guildIds;
        _time = time;
        _logger = logger;
        _lastIdentifyInBucket = new long?[options.MaxConcurrency];
        _sessionStartRemaining = options.SessionStartLimit;
    }

    /// <summary>The URL sent as <c>resume_gateway_url</c>, set once the server has bound its port.</summary>
    public string ResumeUrl { get; set; } = "";

    public ulong BotUserId { get; } = 1_000_000_000_000_000_001;

    public ulong ApplicationId { get; } = 1_000_000_000_000_000_002;

    public int SessionStartRemaining
    {
        get
        {
            lock (_lock)
            {
                return _sessionStartRemaining;
            }
        }
    }

    public EmulatorStats Snapshot(int restRequests, int rateLimited)
    {
        lock (_lock)
        {
            return new EmulatorStats(
                [.. _identifies],
                [.. _periods],
                new DuplicateSessionOverlaps(_overlaps.Count, [.. _overlaps]),
                _identifyViolations,
                _resumes,
                _replayed,
                _sessionStartRemaining,
                restRequests,
                rateLimited);
        }
    }

    /// <summary>Serves one WebSocket until it closes.</summary>
    public async Task RunConnectionAsync(WebSocket socket, bool compress, int? version, CancellationToken cancellationToken)
    {
        EmulatorConnection connection;
        lock (_lock)
        {
            connection = new EmulatorConnection(++_nextConnectionId, socket, compress, _time.GetTimestamp());
            _connections.Add(connection);
        }

        using (connection)
        {
            var writer = connection.RunWriterAsync(cancellationToken);
            connection.Enqueue(EmulatorPayloads.Hello(_options.HeartbeatInterval));
            int? closeCode = null;
            if (version != 10)
            {
                connection.EnqueueClose(GatewayCloseCodes.InvalidApiVersion, "Invalid API version");
            }
            else
            {
                closeCode = await ReceiveLoopAsync(connection, cancellationToken);
            }

            OnClosed(connection, closeCode);
            connection.Complete();
            await writer;
        }
    }

    /// <summary>Closes every connection that went one heartbeat interval plus the grace without a heartbeat.</summary>
    public void CheckHeartbeats()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            foreach (var connection in _connections.Where(c => !c.Closed && !IsLive(c, now, requireSession: false)).ToList())
            {
                LogHeartbeatTimeout(connection.Id);

                // Discord closes a connection that stops heartbeating and expects a resume. It documents no close code
                // for this, so the emulator uses 4000, from which clients resume.
                ClosePeriod(connection, LivenessDeadline(connection));
                connection.Closed = true;
                connection.EnqueueClose(GatewayCloseCodes.UnknownError, "Heartbeat timed out");
            }
        }
    }

    /// <summary>Reads payloads until the connection ends. Returns the client's close code, or null when the server closed or the connection dropped.</summary>
    private async Task<int?> ReceiveLoopAsync(EmulatorConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await connection.Socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close && buffer.WrittenCount <= GatewaySendLimiter.MaxPayloadBytes);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var code = (int?)connection.Socket.CloseStatus;
                    connection.EnqueueClose(code ?? 1000, "closing");
                    return code;
                }

                // The arrival time is taken before parsing, so slow parsing does not shrink the measured identify gap.
                var reject = Handle(connection, buffer.WrittenMemory, _time.GetTimestamp());
                if (reject is { } close)
                {
                    LogClosing(connection.Id, close.Code, close.Reason);
                    connection.EnqueueClose(close.Code, close.Reason);
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return null;
        }
    }

    private (int Code, string Reason)? Handle(EmulatorConnection connection, ReadOnlyMemory<byte> message, long now)
    {
        if (message.Length > GatewaySendLimiter.MaxPayloadBytes)
        {
            return (GatewayCloseCodes.DecodeError, "Payload over 4096 bytes");
        }

        GatewayFrame frame;
        try
        {
            frame = GatewayFrameReader.Read(message.ToArray());
        }
        catch (JsonException)
        {
            return (GatewayCloseCodes.DecodeError, "Error while decoding payload");
        }

        lock (_lock)
        {
            if (connection.Closed)
            {
                return null;
            }

            while (connection.Received.Count > 0 && _time.GetElapsedTime(connection.Received.Peek(), now) >= GatewaySendLimiter.Window)
            {
                connection.Received.Dequeue();
            }

            connection.Received.Enqueue(now);
            if (connection.Received.Count > GatewaySendLimiter.Limit)
            {
                return (GatewayCloseCodes.RateLimited, "You are being rate limited");
            }

            switch (frame.Opcode)
            {
                case GatewayOpcodes.Heartbeat:
                    connection.LastHeartbeat = now;
                    if (connection.AckHeartbeats)
                    {
                        connection.Enqueue(EmulatorPayloads.HeartbeatAck());
                    }

                    return null;
                case GatewayOpcodes.Identify:
                    return Identify(connection, frame.Data.Span, now);
                case GatewayOpcodes.Resume:
                    return Resume(connection, frame.Data.Span, now);
                case GatewayOpcodes.PresenceUpdate or GatewayOpcodes.VoiceStateUpdate or GatewayOpcodes.RequestGuildMembers or 31 or 43:
                    return connection.Identified ? null : (GatewayCloseCodes.NotAuthenticated, "Not authenticated");
                default:
                    return (GatewayCloseCodes.UnknownOpcode, $"Unknown opcode {frame.Opcode}");
            }
        }
    }

    private void OnClosed(EmulatorConnection connection, int? clientCloseCode)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (!connection.Closed)
            {
                ClosePeriod(connection, now);
                connection.Closed = true;
            }

            if (connection.Session is { } session)
            {
                // A client that closes with 1000 or 1001 ends its session. Any other close keeps it resumable.
                if (clientCloseCode is 1000 or 1001)
                {
                    session.Invalidated = true;
                }

                if (session.Connection == connection)
                {
                    session.Connection = null;
                }
            }

            _connections.Remove(connection);
            LogConnectionClosed(connection.Id, clientCloseCode);
        }
    }

    /// <summary>Appends an event to the session and sends it when the session has a connection.</summary>
    private static void Send(EmulatorSession session, string name, byte[] data)
    {
        var sequence = session.NextSequence();
        session.Events.Add((sequence, name, data));
        session.Connection?.Enqueue(EmulatorPayloads.Dispatch(name, sequence, data));
    }

    private void OpenPeriod(EmulatorConnection connection, long now, bool resumed)
    {
        // Callers attach the session before opening a period.
        var session = connection.Session!;
        foreach (var other in _connections)
        {
            if (other != connection && other.Session is { } otherSession && otherSession != session
                && otherSession.ShardId == session.ShardId && otherSession.ShardCount == session.ShardCount
                && other.LivePeriod >= 0 && IsLive(other, now, requireSession: true))
            {
                _overlaps.Add(new SessionOverlap(session.ShardId, otherSession.SessionId, session.SessionId, _time.GetUtcNow()));
                LogOverlap(session.ShardId, otherSession.SessionId, session.SessionId);
            }
        }

        connection.LiveSince = now;
        connection.LastHeartbeat = Math.Max(connection.LastHeartbeat, now);
        connection.LivePeriod = _periods.Count;
        _periods.Add(new SessionPeriod(session.ShardId, session.SessionId, _time.GetUtcNow(), null, resumed));
    }

    private void ClosePeriod(EmulatorConnection connection, long closedAt)
    {
        if (connection.LivePeriod < 0)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(closedAt, _time.GetTimestamp());
        _periods[connection.LivePeriod] = _periods[connection.LivePeriod] with { Closed = _time.GetUtcNow() - elapsed };
        connection.LivePeriod = -1;
    }

    private bool IsLive(EmulatorConnection connection, long now, bool requireSession) =>
        !connection.Closed && (!requireSession || connection.Session is not null) && now <= LivenessDeadline(connection);

    private long LivenessDeadline(EmulatorConnection connection)
    {
        var limit = _options.HeartbeatInterval + _options.HeartbeatGrace;
        return connection.LastHeartbeat + (long)(limit.TotalSeconds * _time.TimestampFrequency);
    }

    private bool TokenMatches(string token) =>
        string.Equals(token, _options.Token, StringComparison.Ordinal) || string.Equals(token, "Bot " + _options.Token, StringComparison.Ordinal);

    [LoggerMessage(EventId = 9100, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId}: session {SessionId} started for shard [{ShardId}, {ShardCount}] with {Guilds} guilds")]
    private partial void LogSessionStarted(int connectionId, string sessionId, int shardId, int shardCount, int guilds);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId}: IDENTIFY for shard [{ShardId}, {ShardCount}] rejected: {Reason}")]
    private partial void LogIdentifyRejected(int connectionId, int shardId, int shardCount, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId}: session {SessionId} of shard {ShardId} resumed, {Replayed} events replayed")]
    private partial void LogResumed(int connectionId, string sessionId, int shardId, int replayed);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Emulator: shard {ShardId} has two live sessions, {LiveSessionId} and {NewSessionId}")]
    private partial void LogOverlap(int shardId, string liveSessionId, string newSessionId);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId} closed (client close code {CloseCode})")]
    private partial void LogConnectionClosed(int connectionId, int? closeCode);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId}: closing with {Code} {Reason}")]
    private partial void LogClosing(int connectionId, int code, string reason);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Debug, Message = "Emulator connection {ConnectionId}: heartbeat timed out")]
    private partial void LogHeartbeatTimeout(int connectionId);
}

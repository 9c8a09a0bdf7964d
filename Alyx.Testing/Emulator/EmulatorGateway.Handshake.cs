using System.Text.Json;
using Alyx.Abstractions.Sharding;
using Alyx.Discord.Gateway;

namespace Alyx.Testing.Emulator;

/// <summary>IDENTIFY and RESUME: validation in Discord's order, the identify limit per bucket, and replay of missed events.</summary>
internal sealed partial class EmulatorGateway
{
    private (int Code, string Reason)? Identify(EmulatorConnection connection, ReadOnlySpan<byte> data, long now)
    {
        if (connection.Identified)
        {
            return (GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated");
        }

        using var document = JsonDocument.Parse(data.ToArray());
        var d = document.RootElement;
        var shardId = 0;
        var shardCount = 1;
        if (d.TryGetProperty("shard", out var shard) && shard.ValueKind == JsonValueKind.Array && shard.GetArrayLength() == 2)
        {
            shardId = shard[0].GetInt32();
            shardCount = shard[1].GetInt32();
        }

        var utcNow = _time.GetUtcNow();
        (int Code, string Reason)? Reject(string reason, (int, string)? close)
        {
            _identifies.Add(new IdentifyAttempt(shardId, shardCount, utcNow, false, reason));
            LogIdentifyRejected(connection.Id, shardId, shardCount, reason);
            return close;
        }

        if (!d.TryGetProperty("token", out var token) || token.GetString() is not { } tokenText || !TokenMatches(tokenText))
        {
            return Reject("invalid token", (GatewayCloseCodes.AuthenticationFailed, "Authentication failed"));
        }

        if (!d.TryGetProperty("intents", out var intentsElement) || !intentsElement.TryGetInt32(out var intents) || intents < 0 || (intents & ~DefinedIntents) != 0)
        {
            return Reject("invalid intents", (GatewayCloseCodes.InvalidIntents, "Invalid intent(s)"));
        }

        if ((intents & (int)Privileged & ~(int)_options.AllowedPrivilegedIntents) != 0)
        {
            return Reject("disallowed intents", (GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s)"));
        }

        if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
        {
            return Reject("invalid shard", (GatewayCloseCodes.InvalidShard, "Invalid shard"));
        }

        if (shardCount % _options.ShardCountMultiple != 0)
        {
            return Reject($"invalid shard: count {shardCount} is not a multiple of {_options.ShardCountMultiple}", (GatewayCloseCodes.InvalidShard, "Invalid shard"));
        }

        var guilds = GuildIdGenerator.OwnedBy(_guildIds, shardId, shardCount).ToList();
        if (guilds.Count > _options.MaxGuildsPerSession)
        {
            return Reject($"sharding required: {guilds.Count} guilds", (GatewayCloseCodes.ShardingRequired, "Sharding required"));
        }

        var bucket = ShardMath.IdentifyBucket(shardId, _options.MaxConcurrency);
        if (_lastIdentifyInBucket[bucket] is { } last && _time.GetElapsedTime(last, now) < _options.IdentifyWindow)
        {
            _identifyViolations++;
            connection.Enqueue(EmulatorPayloads.InvalidSession(resumable: false));
            return Reject($"identify rate limit: bucket {bucket} identified {_time.GetElapsedTime(last, now).TotalMilliseconds:F0} ms ago", null);
        }

        if (_sessionStartRemaining <= 0)
        {
            connection.Enqueue(EmulatorPayloads.InvalidSession(resumable: false));
            return Reject("session start limit exhausted", null);
        }

        _sessionStartRemaining--;
        _lastIdentifyInBucket[bucket] = now;
        _identifies.Add(new IdentifyAttempt(shardId, shardCount, utcNow, true, null));

        var session = new EmulatorSession(Guid.NewGuid().ToString("N"), shardId, shardCount, guilds);
        _sessions.Add(session.SessionId, session);
        session.Connection = connection;
        connection.Session = session;
        connection.Identified = true;
        Send(session, "READY", EmulatorPayloads.Ready(session, ResumeUrl, BotUserId, ApplicationId));
        OpenPeriod(connection, now, resumed: false);
        for (var i = 0; i < guilds.Count; i++)
        {
            Send(session, "GUILD_CREATE", EmulatorPayloads.GuildCreate(guilds[i], i, BotUserId, utcNow));
        }

        LogSessionStarted(connection.Id, session.SessionId, shardId, shardCount, guilds.Count);
        return null;
    }

    private (int Code, string Reason)? Resume(EmulatorConnection connection, ReadOnlySpan<byte> data, long now)
    {
        if (connection.Identified)
        {
            return (GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated");
        }

        using var document = JsonDocument.Parse(data.ToArray());
        var d = document.RootElement;
        if (!d.TryGetProperty("token", out var token) || token.GetString() is not { } tokenText || !TokenMatches(tokenText))
        {
            return (GatewayCloseCodes.AuthenticationFailed, "Authentication failed");
        }

        var sessionId = d.TryGetProperty("session_id", out var id) ? id.GetString() : null;
        var sequence = d.TryGetProperty("seq", out var seq) && seq.ValueKind == JsonValueKind.Number ? seq.GetInt32() : 0;
        if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session) || session.Invalidated)
        {
            connection.Enqueue(EmulatorPayloads.InvalidSession(resumable: false));
            return null;
        }

        if (sequence > session.Sequence || sequence < 0)
        {
            return (GatewayCloseCodes.InvalidSequence, "Invalid seq");
        }

        if (session.Connection is { } previous && previous != connection)
        {
            // A session runs on one connection: the old one is dropped, as Discord does when a session is resumed elsewhere.
            ClosePeriod(previous, now);
            previous.Session = null;
            previous.Closed = true;
            previous.Abort();
        }

        session.Connection = connection;
        connection.Session = session;
        connection.Identified = true;
        var missed = session.Events.Where(e => e.Sequence > sequence).ToList();
        foreach (var (eventSequence, name, eventData) in missed)
        {
            connection.Enqueue(EmulatorPayloads.Dispatch(name, eventSequence, eventData));
        }

        _replayed += missed.Count;
        _resumes++;
        Send(session, "RESUMED", EmulatorPayloads.Resumed());
        OpenPeriod(connection, now, resumed: true);
        LogResumed(connection.Id, session.SessionId, session.ShardId, missed.Count);
        return null;
    }
}

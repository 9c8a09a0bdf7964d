using System.Text.Json;
using Alyx.Discord.Json;

namespace Alyx.Discord.Gateway;

/// <summary>What a shard does with each payload it receives: opcodes, and the session and guild state carried by dispatches.</summary>
public sealed partial class GatewayShard
{
    private async ValueTask<ConnectionOutcome?> HandleFrameAsync(GatewayConnection connection, GatewayFrame frame, CancellationToken cancellationToken)
    {
        switch (frame.Opcode)
        {
            case GatewayOpcodes.Dispatch:
                HandleDispatch(frame);
                return null;
            case GatewayOpcodes.Hello:
                using (var hello = JsonDocument.Parse(frame.Data))
                {
                    connection.Hello.TrySetResult(TimeSpan.FromMilliseconds(hello.RootElement.GetProperty("heartbeat_interval").GetDouble()));
                }

                return null;
            case GatewayOpcodes.HeartbeatAck:
                var latency = _timeProvider.GetElapsedTime(connection.LastHeartbeatSent);
                Interlocked.Exchange(ref _latencyTicks, latency.Ticks);
                connection.HeartbeatAcknowledged = true;
                RaiseLatencyUpdated(latency);
                return null;
            case GatewayOpcodes.Heartbeat:
                EnsureSendAllowed(connection);
                await connection.SendAsync(GatewayOpcodes.Heartbeat, GatewayPayloadWriter.Heartbeat(CurrentSequence()), control: true, cancellationToken);
                return null;
            case GatewayOpcodes.Reconnect:
                await connection.CloseAsync(ReconnectCloseCode, "reconnect requested");
                return new ConnectionOutcome(CloseAction.Resume, "gateway sent RECONNECT");
            case GatewayOpcodes.InvalidSession:
                var resumable = frame.Data.Span.SequenceEqual("true"u8);
                await connection.CloseAsync(ReconnectCloseCode, "invalid session");
                return resumable && Session is not null
                    ? new ConnectionOutcome(CloseAction.Resume, "gateway sent INVALID_SESSION (resumable)")
                    : new ConnectionOutcome(CloseAction.NewSession, "gateway sent INVALID_SESSION (not resumable)", InvalidSessionDelay: true);
            default:
                LogProtocol(ShardId, $"ignored a payload with unknown op {frame.Opcode}");
                return null;
        }
    }

    private void HandleDispatch(GatewayFrame frame)
    {
        if (frame.Sequence is { } sequence)
        {
            Volatile.Write(ref _sequence, sequence);
        }

        var name = frame.EventName ?? "";
        var dispatch = new GatewayDispatch(ShardId, name, frame.Sequence ?? 0, frame.Data);
        switch (name)
        {
            case DispatchEventNames.Ready:
                var ready = dispatch.Deserialize(DiscordJsonContext.Default.ReadyEvent);
                lock (_stateLock)
                {
                    _sessionId = ready.SessionId;
                    _resumeUrl = ready.ResumeGatewayUrl;
                }

                lock (_guildLock)
                {
                    _guildIds.Clear();
                    _guildIds.UnionWith(ready.Guilds.Select(guild => guild.Id));
                }

                SetState(ShardState.Ready, $"READY with {ready.Guilds.Count} guilds");
                break;
            case DispatchEventNames.Resumed:
                SetState(ShardState.Ready, "RESUMED");
                break;
            case DispatchEventNames.GuildCreate:
                var created = dispatch.Deserialize(DiscordJsonContext.Default.GuildCreateEvent);
                lock (_guildLock)
                {
                    _guildIds.Add(created.Id);
                }

                break;
            case DispatchEventNames.GuildDelete:
                var deleted = dispatch.Deserialize(DiscordJsonContext.Default.GuildDeleteEvent);
                if (deleted.IsRemoval)
                {
                    lock (_guildLock)
                    {
                        _guildIds.Remove(deleted.Id);
                    }
                }

                break;
        }

        try
        {
            DispatchReceived?.Invoke(this, dispatch);
        }
#pragma warning disable CA1031 // A plugin's bug must not break the connection; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFailed(ShardId, name, ex);
        }
    }

    private void RaiseLatencyUpdated(TimeSpan latency)
    {
        try
        {
            LatencyUpdated?.Invoke(this, latency);
        }
#pragma warning disable CA1031 // A metrics subscriber's bug must not break the connection; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFailed(ShardId, "LatencyUpdated", ex);
        }
    }
}

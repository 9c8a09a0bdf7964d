using Alyx.Abstractions.Sharding;
using Alyx.Discord.Gateway;

namespace Alyx.Testing.Emulator;

/// <summary>
/// Fault injection: each method acts on the open connections whose session belongs to one shard. Those connections
/// all have a session, because <see cref="ConnectionsOf"/> selects only such connections.
/// </summary>
internal sealed partial class EmulatorGateway
{
    public int DropConnection(int shardId, IReadOnlyList<(string Name, byte[] Data)> missedEvents)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var targets = ConnectionsOf(shardId);
            foreach (var connection in targets)
            {
                var session = connection.Session!;
                ClosePeriod(connection, now);
                connection.Closed = true;
                session.Connection = null;
                foreach (var (name, data) in missedEvents)
                {
                    Send(session, name, data);
                }

                connection.Abort();
            }

            return targets.Count;
        }
    }

    public int SendReconnect(int shardId) => ForEach(shardId, connection => connection.Enqueue(EmulatorPayloads.Reconnect()));

    public int SendInvalidSession(int shardId, bool resumable) => ForEach(shardId, connection =>
    {
        if (!resumable)
        {
            connection.Session!.Invalidated = true;
        }

        connection.Enqueue(EmulatorPayloads.InvalidSession(resumable));
    });

    public int StopHeartbeatAcks(int shardId) => ForEach(shardId, connection => connection.AckHeartbeats = false);

    public int CloseConnection(int shardId, int closeCode) => ForEach(shardId, connection =>
    {
        if (GatewayCloseCodes.ActionFor(closeCode) != CloseAction.Resume)
        {
            connection.Session!.Invalidated = true;
        }

        connection.EnqueueClose(closeCode, "closed by fault injection");
    });

    /// <summary>Sends a dispatch to every session of the guild's shard, live or waiting for a resume; returns how many sessions got it.</summary>
    public int EmitDispatch(ulong guildId, string name, byte[] data)
    {
        lock (_lock)
        {
            var delivered = 0;
            foreach (var session in _sessions.Values)
            {
                if (!session.Invalidated && ShardMath.ShardIdForGuild(guildId, session.ShardCount) == session.ShardId)
                {
                    Send(session, name, data);
                    delivered++;
                }
            }

            return delivered;
        }
    }

    /// <summary>Sends a dispatch that belongs to no guild (a direct message, for example) to the sessions of shard 0, as Discord routes them.</summary>
    public int EmitDirectDispatch(string name, byte[] data)
    {
        lock (_lock)
        {
            var delivered = 0;
            foreach (var session in _sessions.Values.Where(s => !s.Invalidated && s.ShardId == 0))
            {
                Send(session, name, data);
                delivered++;
            }

            return delivered;
        }
    }

    private int ForEach(int shardId, Action<EmulatorConnection> action)
    {
        lock (_lock)
        {
            var targets = ConnectionsOf(shardId);
            targets.ForEach(action);
            return targets.Count;
        }
    }

    private List<EmulatorConnection> ConnectionsOf(int shardId) =>
        [.. _connections.Where(c => !c.Closed && c.Session is { } session && session.ShardId == shardId)];
}

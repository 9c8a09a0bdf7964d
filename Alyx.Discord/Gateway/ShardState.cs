namespace Alyx.Discord.Gateway;

/// <summary>The state of a shard's gateway connection.</summary>
public enum ShardState
{
    /// <summary>No connection: not started, stopped, or between two connections.</summary>
    Disconnected,

    /// <summary>Opening the WebSocket and waiting for HELLO.</summary>
    Connecting,

    /// <summary>Waiting at the identify gate or for READY after IDENTIFY.</summary>
    Identifying,

    /// <summary>RESUME sent, waiting for the replayed events and RESUMED.</summary>
    Resuming,

    /// <summary>The session is live and events flow.</summary>
    Ready,

    /// <summary>Stopped for good; <see cref="GatewayShard.Failure"/> says why and what to fix.</summary>
    Failed,
}

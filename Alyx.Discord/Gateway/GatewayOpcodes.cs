namespace Alyx.Discord.Gateway;

/// <summary>Gateway v10 opcodes (Discord's "Opcodes and Status Codes" page).</summary>
public static class GatewayOpcodes
{
    /// <summary>An event, with its name in <c>t</c> and its sequence number in <c>s</c>. Received.</summary>
    public const int Dispatch = 0;

    /// <summary>A heartbeat carrying the last sequence number. Sent, and received when the gateway requests one.</summary>
    public const int Heartbeat = 1;

    /// <summary>Starts a new session. Sent.</summary>
    public const int Identify = 2;

    /// <summary>Changes the bot's presence. Sent.</summary>
    public const int PresenceUpdate = 3;

    /// <summary>Joins, moves or leaves a voice channel. Sent.</summary>
    public const int VoiceStateUpdate = 4;

    /// <summary>Resumes a session after a disconnect. Sent.</summary>
    public const int Resume = 6;

    /// <summary>The gateway requests that the client reconnect and resume. Received.</summary>
    public const int Reconnect = 7;

    /// <summary>Requests the members of a guild. Sent.</summary>
    public const int RequestGuildMembers = 8;

    /// <summary>The session is invalid, and <c>d</c> is true when it may be resumed. Received.</summary>
    public const int InvalidSession = 9;

    /// <summary>The first payload on a connection, carrying the heartbeat interval. Received.</summary>
    public const int Hello = 10;

    /// <summary>Acknowledges a heartbeat. Received.</summary>
    public const int HeartbeatAck = 11;
}

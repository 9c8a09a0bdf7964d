namespace Alyx.Discord.Gateway;

/// <summary>What a shard connection does after the gateway closes it.</summary>
public enum CloseAction
{
    /// <summary>Reconnect to the resume URL and send RESUME with the cached session.</summary>
    Resume,

    /// <summary>Drop the session and IDENTIFY again on a new connection.</summary>
    NewSession,

    /// <summary>Stop: reconnecting cannot succeed until an operator changes the configuration.</summary>
    Fatal,
}

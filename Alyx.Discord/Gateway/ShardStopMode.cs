namespace Alyx.Discord.Gateway;

/// <summary>How <see cref="GatewayShard.StopAsync"/> closes the connection.</summary>
public enum ShardStopMode
{
    /// <summary>Close with a code other than 1000/1001, so a successor can resume the session for a few minutes.</summary>
    KeepSession,

    /// <summary>Close with 1000, which ends the session: the bot goes offline on this shard.</summary>
    EndSession,
}

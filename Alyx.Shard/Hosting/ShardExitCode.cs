namespace Alyx.Shard.Hosting;

/// <summary>
/// Process exit codes of a shard host, which the orchestrator reads to decide between a restart, a reshard and an
/// operator's fix. docs/shard-exit-codes.md lists them with the action each calls for.
/// </summary>
public enum ShardExitCode
{
    /// <summary>Stopped on request (SIGTERM); the session was saved for a successor and the lease released.</summary>
    Stopped = 0,

    /// <summary>An unexpected error; restart with backoff.</summary>
    UnexpectedError = 1,

    /// <summary>The configuration is invalid; the log names each setting. Do not restart until it is fixed.</summary>
    InvalidConfiguration = 2,

    /// <summary>Another holder has the shard's lease and <see cref="LeaseMode.Exit"/> is set.</summary>
    LeaseHeld = 3,

    /// <summary>The lease was lost (renew rejected or local deadline passed); the gateway was closed first. Restart.</summary>
    LeaseLost = 4,

    /// <summary>Redis was unreachable at start. Restart with backoff.</summary>
    CoordinationUnavailable = 5,

    /// <summary>A plugin could not be loaded, such as one built against another major version of Alyx.Abstractions.</summary>
    PluginLoadFailed = 6,

    /// <summary>Close code 4004: the bot token is invalid.</summary>
    AuthenticationFailed = 10,

    /// <summary>Close code 4010: the shard id or count is invalid.</summary>
    InvalidShard = 11,

    /// <summary>Close code 4011: the shard holds too many guilds; reshard to more shards.</summary>
    ShardingRequired = 12,

    /// <summary>Close code 4012: the gateway version is invalid.</summary>
    InvalidApiVersion = 13,

    /// <summary>Close code 4013: the intents bitfield is invalid.</summary>
    InvalidIntents = 14,

    /// <summary>Close code 4014: a privileged intent is not enabled for the application.</summary>
    DisallowedIntents = 15,

    /// <summary>The daily session start budget is used up down to the reserve; wait for its reset.</summary>
    SessionStartBudgetExhausted = 16,
}

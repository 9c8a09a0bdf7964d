namespace Alyx.Discord.Gateway;

/// <summary>Why a shard stopped for good. Each needs an operator's or orchestrator's action, not a reconnect.</summary>
public enum GatewayFailureKind
{
    /// <summary>Close code 4004: the token is invalid. Fix the token.</summary>
    AuthenticationFailed,

    /// <summary>Close code 4010: the shard id or count is invalid. Fix the shard count.</summary>
    InvalidShard,

    /// <summary>Close code 4011: the session would hold too many guilds. Reshard to more shards.</summary>
    ShardingRequired,

    /// <summary>Close code 4012: the gateway version is invalid.</summary>
    InvalidApiVersion,

    /// <summary>Close code 4013: the intents bitfield is invalid.</summary>
    InvalidIntents,

    /// <summary>Close code 4014: a privileged intent is not enabled for the application.</summary>
    DisallowedIntents,

    /// <summary>The identify gate reports that the daily session starts are used up.</summary>
    SessionStartBudgetExhausted,
}

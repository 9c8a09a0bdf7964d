using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>Shard exits that a relaunch cannot fix, with what the operator must do.</summary>
public static class FatalExit
{
    /// <summary>
    /// Returns the operator's fix for an exit that must not be retried blindly, or null for one that a relaunch may
    /// fix. <see cref="ShardExitCode.ShardingRequired"/> (close code 4011) is not listed: the orchestrator reshards.
    /// </summary>
    public static string? FixFor(ShardExitCode code) => code switch
    {
        ShardExitCode.AuthenticationFailed => "Close code 4004: Discord rejected the bot token. Set a valid token and write the spec again (alyx shards scale) to relaunch.",
        ShardExitCode.InvalidShard => "Close code 4010: the shard id or count is invalid for this bot. Scale to Discord's recommended count (alyx shards scale --auto).",
        ShardExitCode.InvalidApiVersion => "Close code 4012: the gateway API version is invalid. Upgrade the shard host image.",
        ShardExitCode.InvalidIntents => "Close code 4013: the intents bitfield is invalid. Fix ALYX_INTENTS.",
        ShardExitCode.DisallowedIntents => "Close code 4014: a privileged intent is not enabled. Enable it in the Discord Developer Portal or remove it from ALYX_INTENTS.",
        ShardExitCode.InvalidConfiguration => "The shard host rejected its configuration; its log names each setting. Fix it and write the spec again.",
        ShardExitCode.PluginLoadFailed => "A plugin could not be loaded; rebuild it against this version of Alyx.Abstractions.",
        _ => null,
    };
}

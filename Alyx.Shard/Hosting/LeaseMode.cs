namespace Alyx.Shard.Hosting;

/// <summary>What a host does when another holder has the lease of its shard.</summary>
public enum LeaseMode
{
    /// <summary>Wait until the lease is free, then run. The orchestrator's replacement tasks use this.</summary>
    Wait,

    /// <summary>Exit at once with <see cref="ShardExitCode.LeaseHeld"/>.</summary>
    Exit,
}

namespace Alyx.Coordination.State;

/// <summary>Where a shard is in its life, as the orchestrator reports it.</summary>
public enum ShardPhase
{
    /// <summary>Desired but no task launched yet.</summary>
    Pending,

    /// <summary>A task was requested from the launcher.</summary>
    Launching,

    /// <summary>The task holds the lease and is opening the gateway connection.</summary>
    Connecting,

    /// <summary>The task waits at the identify gate or has sent IDENTIFY.</summary>
    Identifying,

    /// <summary>READY received; the shard handles events.</summary>
    Ready,

    /// <summary>The connection dropped and the shard is resuming its session.</summary>
    Resuming,

    /// <summary>The task was asked to stop.</summary>
    Stopping,

    /// <summary>The shard failed and will be relaunched with backoff.</summary>
    Failed,

    /// <summary>The shard failed too often in a short time; relaunches wait longer.</summary>
    CrashLoop,
}

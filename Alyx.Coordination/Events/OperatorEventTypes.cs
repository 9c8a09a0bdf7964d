namespace Alyx.Coordination.Events;

/// <summary>The event types the orchestrator writes.</summary>
public static class OperatorEventTypes
{
    /// <summary>The operator or an alarm asked for a new shard count.</summary>
    public const string ScaleRequested = "ScaleRequested";

    /// <summary>A task was launched for a shard.</summary>
    public const string TaskLaunched = "TaskLaunched";

    /// <summary>A task stopped, on request or by itself.</summary>
    public const string TaskStopped = "TaskStopped";

    /// <summary>A shard received READY.</summary>
    public const string ShardReady = "ShardReady";

    /// <summary>A shard failed (lost lease, fatal close code, crash loop).</summary>
    public const string ShardFailed = "ShardFailed";

    /// <summary>A CloudWatch alarm reached the orchestrator.</summary>
    public const string AlarmReceived = "AlarmReceived";

    /// <summary>A reshard finished and the new shard set is active.</summary>
    public const string ReshardCompleted = "ReshardCompleted";

    /// <summary>A blue-green reshard started a new shard set in standby beside the active one.</summary>
    public const string ReshardStarted = "ReshardStarted";

    /// <summary>A blue-green reshard made the new shard set active from a cutover instant.</summary>
    public const string ShardSetSwitched = "ShardSetSwitched";

    /// <summary>A blue-green reshard stopped its new shard set and kept the old one active.</summary>
    public const string ReshardRolledBack = "ReshardRolledBack";

    /// <summary>A check of a shard set's routes put back a queue or subscription that was missing or changed.</summary>
    public const string RoutesRepaired = "RoutesRepaired";
}

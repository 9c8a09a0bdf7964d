namespace Alyx.Orchestrator.Tests.Support;

/// <summary>Where a <see cref="CrashingStateStore"/> lets its leader die during a blue-green reshard.</summary>
public enum CrashPoint
{
    /// <summary>Never.</summary>
    None,

    /// <summary>After the first status write that shows the pending set with a launched task, before its events.</summary>
    AfterPendingStatus,

    /// <summary>After the status write that records a rollback, before the rollback's event is appended.</summary>
    AfterRollbackStatus,

    /// <summary>After the switch script moved the active set, before the status write that records it.</summary>
    AfterSwitch,

    /// <summary>After the status write that records the switch, before the switch's event is appended.</summary>
    AfterSwitchStatus,

    /// <summary>After the status write that drops the retired set, before the completion event is appended.</summary>
    AfterCompletionStatus,
}

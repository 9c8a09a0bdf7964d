namespace Alyx.Orchestrator.Alarms;

/// <summary>What the listener decided for one notification, as its AlarmReceived event records it.</summary>
/// <param name="Notification">The notification.</param>
/// <param name="Action">The action of the matching rule, or record when none matched.</param>
/// <param name="Acted">True when the action was requested.</param>
/// <param name="Reason">A CamelCase reason, such as <c>RestartRequested</c> or <c>CooldownActive</c>.</param>
/// <param name="ShardId">The shard acted on or named, if any.</param>
/// <param name="Message">A sentence for the operator.</param>
public sealed record AlarmDecision(AlarmNotification Notification, AlarmAction Action, bool Acted, string Reason, int? ShardId, string Message);

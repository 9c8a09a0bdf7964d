namespace Alyx.Orchestrator.Alarms;

/// <summary>One dimension of an alarm's metric, such as <c>ShardId=3</c>.</summary>
public sealed record AlarmDimension(string Name, string Value);

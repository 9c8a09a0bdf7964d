namespace Alyx.Orchestrator.Alarms;

/// <summary>What the orchestrator does when a matching alarm enters ALARM.</summary>
public enum AlarmAction
{
    /// <summary><c>record</c>: append an AlarmReceived event and nothing else.</summary>
    Record,

    /// <summary><c>restart-shard</c>: restart the shard named by the alarm's ShardId dimension.</summary>
    RestartShard,

    /// <summary><c>reshard-recommended</c>: set the spec's shard count to <c>auto</c>, Discord's recommended count.</summary>
    ReshardRecommended,
}

namespace Alyx.Coordination.State;

/// <summary>The condition types of a cluster's status.</summary>
public static class ClusterConditionTypes
{
    /// <summary>Every desired shard is Ready.</summary>
    public const string Available = "Available";

    /// <summary>The orchestrator is moving towards a new spec (launching, resharding).</summary>
    public const string Progressing = "Progressing";

    /// <summary>Something needs the operator: a fatal close code, the session start budget at its reserve, a crash loop.</summary>
    public const string Degraded = "Degraded";
}

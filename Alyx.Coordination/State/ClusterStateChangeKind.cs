namespace Alyx.Coordination.State;

/// <summary>Which document a <see cref="ClusterStateChange"/> is about.</summary>
public enum ClusterStateChangeKind
{
    /// <summary>The desired state.</summary>
    Spec,

    /// <summary>The observed state.</summary>
    Status,
}

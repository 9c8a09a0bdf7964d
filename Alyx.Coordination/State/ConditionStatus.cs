namespace Alyx.Coordination.State;

/// <summary>Whether a condition holds, as in Kubernetes' <c>metav1.ConditionStatus</c>.</summary>
public enum ConditionStatus
{
    /// <summary>Not known yet.</summary>
    Unknown,

    /// <summary>The condition holds.</summary>
    True,

    /// <summary>The condition does not hold.</summary>
    False,
}

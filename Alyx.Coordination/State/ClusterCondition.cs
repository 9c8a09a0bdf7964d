namespace Alyx.Coordination.State;

/// <summary>One condition of a cluster's status, shaped like Kubernetes' <c>metav1.Condition</c>.</summary>
/// <param name="Type">The condition type, such as <see cref="ClusterConditionTypes.Available"/>.</param>
/// <param name="Status">Whether it holds.</param>
/// <param name="Reason">A CamelCase machine-readable reason, such as <c>SessionStartBudgetLow</c>.</param>
/// <param name="Message">A sentence for the operator.</param>
/// <param name="ObservedGeneration">The spec generation the orchestrator looked at when it set the condition.</param>
/// <param name="LastTransitionTime">When <paramref name="Status"/> last changed.</param>
public sealed record ClusterCondition(
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message,
    long ObservedGeneration,
    DateTimeOffset LastTransitionTime);

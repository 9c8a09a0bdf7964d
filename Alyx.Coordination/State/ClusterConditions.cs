namespace Alyx.Coordination.State;

/// <summary>Condition list helpers with Kubernetes' semantics (apimachinery <c>meta.SetStatusCondition</c>).</summary>
public static class ClusterConditions
{
    /// <summary>
    /// Returns a copy of <paramref name="conditions"/> with <paramref name="condition"/> set. The transition time
    /// moves to <paramref name="now"/> only when the condition is new or its status flips; otherwise the existing
    /// time stays and only reason, message and observed generation change.
    /// </summary>
    public static IReadOnlyList<ClusterCondition> Set(
        IReadOnlyList<ClusterCondition> conditions, ClusterCondition condition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(condition);
        var result = new List<ClusterCondition>(conditions.Count + 1);
        var found = false;
        foreach (var existing in conditions)
        {
            if (!string.Equals(existing.Type, condition.Type, StringComparison.Ordinal))
            {
                result.Add(existing);
                continue;
            }

            found = true;
            var transition = existing.Status == condition.Status ? existing.LastTransitionTime : now;
            result.Add(condition with { LastTransitionTime = transition });
        }

        if (!found)
        {
            result.Add(condition with { LastTransitionTime = now });
        }

        return result;
    }

    /// <summary>Returns the condition of the given type, or null.</summary>
    public static ClusterCondition? Find(IReadOnlyList<ClusterCondition> conditions, string type) =>
        conditions?.FirstOrDefault(condition => string.Equals(condition.Type, type, StringComparison.Ordinal));

    /// <summary>True when the condition of the given type exists with status True.</summary>
    public static bool IsTrue(IReadOnlyList<ClusterCondition> conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;
}

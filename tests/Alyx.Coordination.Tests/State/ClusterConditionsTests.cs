using System.Globalization;
using Alyx.Coordination.State;

namespace Alyx.Coordination.Tests.State;

public sealed class ClusterConditionsTests
{
    private static readonly DateTimeOffset Earlier = DateTimeOffset.Parse("2026-03-01T12:00:00Z", CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset Later = Earlier.AddMinutes(5);

    private static ClusterCondition Degraded(ConditionStatus status, string reason, long generation = 1) =>
        new(ClusterConditionTypes.Degraded, status, reason, $"{reason} message", generation, DateTimeOffset.MinValue);

    [Fact]
    public void Set_NewCondition_StampsTransitionTime()
    {
        var conditions = ClusterConditions.Set([], Degraded(ConditionStatus.True, "CrashLoop"), Earlier);

        Assert.Equal(Earlier, Assert.Single(conditions).LastTransitionTime);
    }

    [Fact]
    public void Set_SameStatusNewReason_KeepsTransitionTime()
    {
        var conditions = ClusterConditions.Set([], Degraded(ConditionStatus.True, "CrashLoop"), Earlier);

        conditions = ClusterConditions.Set(conditions, Degraded(ConditionStatus.True, "SessionStartBudgetLow", 2), Later);

        var condition = Assert.Single(conditions);
        Assert.Equal(Earlier, condition.LastTransitionTime);
        Assert.Equal("SessionStartBudgetLow", condition.Reason);
        Assert.Equal(2, condition.ObservedGeneration);
    }

    [Fact]
    public void Set_StatusFlips_MovesTransitionTime()
    {
        var conditions = ClusterConditions.Set([], Degraded(ConditionStatus.True, "CrashLoop"), Earlier);

        conditions = ClusterConditions.Set(conditions, Degraded(ConditionStatus.False, "AllShardsHealthy"), Later);

        Assert.Equal(Later, Assert.Single(conditions).LastTransitionTime);
        Assert.False(ClusterConditions.IsTrue(conditions, ClusterConditionTypes.Degraded));
    }

    [Fact]
    public void Set_OtherType_LeavesExistingAlone()
    {
        var conditions = ClusterConditions.Set([], Degraded(ConditionStatus.True, "CrashLoop"), Earlier);
        var available = new ClusterCondition(ClusterConditionTypes.Available, ConditionStatus.False, "ShardsStarting", "2 of 4 Ready", 1, DateTimeOffset.MinValue);

        conditions = ClusterConditions.Set(conditions, available, Later);

        Assert.Equal(2, conditions.Count);
        Assert.Equal(Earlier, ClusterConditions.Find(conditions, ClusterConditionTypes.Degraded)?.LastTransitionTime);
        Assert.Equal(Later, ClusterConditions.Find(conditions, ClusterConditionTypes.Available)?.LastTransitionTime);
    }
}

namespace Alyx.Orchestrator.Alarms;

/// <summary>The values of <see cref="AlarmRule.MatchOn"/>.</summary>
public static class AlarmRuleFields
{
    /// <summary>Match the alarm's name.</summary>
    public const string AlarmName = "AlarmName";

    /// <summary>Match the name of any metric the alarm watches.</summary>
    public const string MetricName = "MetricName";
}

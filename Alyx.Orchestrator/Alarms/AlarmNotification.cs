namespace Alyx.Orchestrator.Alarms;

/// <summary>The parts of a CloudWatch alarm state change notification that decide an action.</summary>
/// <param name="AlarmName">The alarm's name.</param>
/// <param name="NewState">The state the alarm entered.</param>
/// <param name="OldState">The state it left, when given.</param>
/// <param name="Reason">CloudWatch's <c>NewStateReason</c>, such as <c>Threshold Crossed: ...</c>.</param>
/// <param name="StateChangeTime">When the state changed, when given and valid.</param>
/// <param name="Metrics">The single metric of a plain alarm, or every entry of a metric-math alarm.</param>
public sealed record AlarmNotification(
    string AlarmName,
    AlarmState NewState,
    AlarmState? OldState,
    string Reason,
    DateTimeOffset? StateChangeTime,
    IReadOnlyList<AlarmMetric> Metrics)
{
    /// <summary>Returns the distinct values of a dimension over every metric, such as the shard ids of <c>ShardId</c>.</summary>
    public IReadOnlyList<string> DimensionValues(string dimensionName) =>
        [.. Metrics.SelectMany(metric => metric.Dimensions)
            .Where(dimension => string.Equals(dimension.Name, dimensionName, StringComparison.Ordinal))
            .Select(dimension => dimension.Value)
            .Distinct(StringComparer.Ordinal)];
}

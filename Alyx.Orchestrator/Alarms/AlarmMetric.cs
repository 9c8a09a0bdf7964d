namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// One metric an alarm watches: the single metric of a plain alarm, or one entry of <c>Trigger.Metrics</c> of a
/// metric-math alarm (an expression has no metric name, namespace or dimensions).
/// </summary>
/// <param name="Id">The metric-math id, such as <c>m1</c>; null for a single-metric alarm.</param>
/// <param name="Expression">The math expression, such as <c>m1*1</c>; null for a metric.</param>
/// <param name="MetricName">The metric name, such as <c>GatewayLatency</c>.</param>
/// <param name="Namespace">The metric namespace, such as <c>Alyx</c>.</param>
/// <param name="Dimensions">The metric's dimensions.</param>
public sealed record AlarmMetric(string? Id, string? Expression, string? MetricName, string? Namespace, IReadOnlyList<AlarmDimension> Dimensions);

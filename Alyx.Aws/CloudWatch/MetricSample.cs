namespace Alyx.Aws.CloudWatch;

/// <summary>One observed value of a metric.</summary>
/// <param name="Name">The metric name, such as <c>GatewayLatency</c>.</param>
/// <param name="Value">The value; NaN and infinities are rejected.</param>
/// <param name="Unit">One of <see cref="CloudWatchUnit.All"/>.</param>
public sealed record MetricSample(string Name, double Value, string Unit = CloudWatchUnit.None);

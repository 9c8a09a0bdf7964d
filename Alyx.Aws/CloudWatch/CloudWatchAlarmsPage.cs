namespace Alyx.Aws.CloudWatch;

/// <summary>One page of metric alarms; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record CloudWatchAlarmsPage(IReadOnlyList<CloudWatchMetricAlarm> MetricAlarms, string? NextToken);

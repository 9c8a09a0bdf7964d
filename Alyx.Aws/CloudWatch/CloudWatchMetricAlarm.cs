namespace Alyx.Aws.CloudWatch;

/// <summary>A metric alarm as DescribeAlarms returns it (the fields Alyx reads).</summary>
public sealed record CloudWatchMetricAlarm
{
    /// <summary>The alarm name.</summary>
    public string AlarmName { get; init; } = string.Empty;

    /// <summary>The alarm ARN.</summary>
    public string? AlarmArn { get; init; }

    /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
    public string? StateValue { get; init; }

    /// <summary>Why the alarm is in its state, in words.</summary>
    public string? StateReason { get; init; }

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset? StateUpdatedTimestamp { get; init; }

    /// <summary>The metric's name; null for metric-math alarms.</summary>
    public string? MetricName { get; init; }

    /// <summary>The metric's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The statistic, such as Average or Maximum.</summary>
    public string? Statistic { get; init; }

    /// <summary>The metric's dimensions.</summary>
    public IReadOnlyList<CloudWatchDimension> Dimensions { get; init; } = [];

    /// <summary>The period in seconds.</summary>
    public int? Period { get; init; }

    /// <summary>How many periods are evaluated.</summary>
    public int? EvaluationPeriods { get; init; }

    /// <summary>The threshold compared with the statistic.</summary>
    public double? Threshold { get; init; }

    /// <summary>The comparison, such as GreaterThanThreshold.</summary>
    public string? ComparisonOperator { get; init; }
}

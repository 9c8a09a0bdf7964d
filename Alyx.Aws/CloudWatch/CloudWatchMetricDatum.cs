namespace Alyx.Aws.CloudWatch;

/// <summary>
/// One PutMetricData datum. Set exactly one of <see cref="Value"/>, <see cref="StatisticValues"/> or
/// <see cref="Values"/>.
/// </summary>
/// <param name="MetricName">The metric name, 1 to 255 characters.</param>
public sealed record CloudWatchMetricDatum(string MetricName)
{
    /// <summary>Up to 30 dimensions.</summary>
    public IReadOnlyList<CloudWatchDimension> Dimensions { get; init; } = [];

    /// <summary>When the value was observed: at most two weeks back and two hours ahead. Null is the time CloudWatch receives it.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>A single value; NaN and infinities are rejected.</summary>
    public double? Value { get; init; }

    /// <summary>Pre-aggregated statistics.</summary>
    public CloudWatchStatisticSet? StatisticValues { get; init; }

    /// <summary>Up to 150 distinct values.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>How often each of <see cref="Values"/> occurred; same length as Values, or null for one each.</summary>
    public IReadOnlyList<double>? Counts { get; init; }

    /// <summary>One of <see cref="CloudWatchUnit.All"/>; null stores the datum without a unit.</summary>
    public string? Unit { get; init; }

    /// <summary>1 for high resolution (per-second) storage, 60 (the default) for standard.</summary>
    public int? StorageResolution { get; init; }
}

namespace Alyx.Aws.CloudWatch;

/// <summary>Client-side checks of the documented PutMetricData limits.</summary>
internal static class CloudWatchMetricValidator
{
    public const int MaxDimensions = 30;
    public const int MaxValues = 150;
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);
    private static readonly TimeSpan MaxAhead = TimeSpan.FromHours(2);

    public static void Validate(string metricNamespace, IReadOnlyList<CloudWatchMetricDatum> data, DateTimeOffset now)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(metricNamespace) || metricNamespace.Length > 255 || metricNamespace.StartsWith("AWS/", StringComparison.Ordinal))
        {
            failures.Add($"Namespace '{metricNamespace}' is invalid; use 1 to 255 characters that do not start with 'AWS/'.");
        }

        if (data.Count == 0)
        {
            failures.Add("No metric data given; pass at least one datum.");
        }

        foreach (var datum in data)
        {
            ValidateDatum(datum, now, failures);
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid PutMetricData request: " + string.Join(" ", failures.Take(10)) + (failures.Count > 10 ? $" ({failures.Count - 10} more)" : string.Empty));
        }
    }

    private static void ValidateDatum(CloudWatchMetricDatum datum, DateTimeOffset now, List<string> failures)
    {
        var name = datum.MetricName;
        if (string.IsNullOrEmpty(name) || name.Length > 255)
        {
            failures.Add($"MetricName '{name}' is invalid; use 1 to 255 characters.");
        }

        var kinds = (datum.Value is null ? 0 : 1) + (datum.StatisticValues is null ? 0 : 1) + (datum.Values is null ? 0 : 1);
        if (kinds != 1)
        {
            failures.Add($"Metric '{name}' sets {kinds} of Value, StatisticValues and Values; set exactly one.");
        }

        var numbers = new List<double>();
        if (datum.Value is { } value)
        {
            numbers.Add(value);
        }

        if (datum.StatisticValues is { } statistics)
        {
            numbers.AddRange([statistics.SampleCount, statistics.Sum, statistics.Minimum, statistics.Maximum]);
        }

        numbers.AddRange(datum.Values ?? []);
        numbers.AddRange(datum.Counts ?? []);
        if (numbers.Any(n => !double.IsFinite(n)))
        {
            failures.Add($"Metric '{name}' has a NaN or infinite value; CloudWatch rejects them.");
        }

        if (datum.Values is { Count: > MaxValues })
        {
            failures.Add($"Metric '{name}' has {datum.Values.Count} values; PutMetricData takes at most {MaxValues}.");
        }

        if (datum.Counts is not null && datum.Counts.Count != (datum.Values?.Count ?? -1))
        {
            failures.Add($"Metric '{name}' has {datum.Counts.Count} counts for {datum.Values?.Count ?? 0} values; give one count per value.");
        }

        if (datum.Dimensions.Count > MaxDimensions)
        {
            failures.Add($"Metric '{name}' has {datum.Dimensions.Count} dimensions; CloudWatch takes at most {MaxDimensions}.");
        }

        if (datum.Dimensions.Any(d => d.Name.Length is 0 or > 255 || d.Value.Length is 0 or > 255))
        {
            failures.Add($"Metric '{name}' has a dimension with an empty or over-255-character name or value.");
        }

        if (datum.Unit is { } unit && !CloudWatchUnit.All.Contains(unit))
        {
            failures.Add($"Metric '{name}' has unit '{unit}', which CloudWatch does not know; use one of CloudWatchUnit.All.");
        }

        if (datum.StorageResolution is { } resolution && resolution is not (1 or 60))
        {
            failures.Add($"Metric '{name}' has StorageResolution {resolution}; use 1 (high resolution) or 60.");
        }

        if (datum.Timestamp is { } timestamp && (timestamp < now - MaxAge || timestamp > now + MaxAhead))
        {
            failures.Add($"Metric '{name}' has timestamp {timestamp:O}, outside two weeks back to two hours ahead of {now:O}.");
        }
    }
}

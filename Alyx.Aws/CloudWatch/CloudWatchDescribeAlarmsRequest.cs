namespace Alyx.Aws.CloudWatch;

/// <summary>A DescribeAlarms page request; all filters are optional.</summary>
public sealed record CloudWatchDescribeAlarmsRequest
{
    /// <summary>Only these alarms (up to 100 names).</summary>
    public IReadOnlyList<string>? AlarmNames { get; init; }

    /// <summary>Only alarms whose name starts with this prefix; not allowed with <see cref="AlarmNames"/>.</summary>
    public string? AlarmNamePrefix { get; init; }

    /// <summary>Only alarms in this state: OK, ALARM or INSUFFICIENT_DATA.</summary>
    public string? StateValue { get; init; }

    /// <summary>The page size, 1 to 100; null is 50.</summary>
    public int? MaxRecords { get; init; }

    /// <summary>The token from the previous page.</summary>
    public string? NextToken { get; init; }
}

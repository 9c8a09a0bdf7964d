namespace Alyx.Aws.CloudWatch;

/// <summary>The units CloudWatch accepts (the StandardUnit enumeration of the CloudWatch API).</summary>
public static class CloudWatchUnit
{
    /// <summary>Seconds.</summary>
    public const string Seconds = "Seconds";

    /// <summary>Milliseconds.</summary>
    public const string Milliseconds = "Milliseconds";

    /// <summary>Bytes.</summary>
    public const string Bytes = "Bytes";

    /// <summary>Percent.</summary>
    public const string Percent = "Percent";

    /// <summary>A count.</summary>
    public const string Count = "Count";

    /// <summary>A count per second.</summary>
    public const string CountPerSecond = "Count/Second";

    /// <summary>No unit.</summary>
    public const string None = "None";

    /// <summary>Every unit name CloudWatch accepts.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };
}

using System.Globalization;
using System.Xml.Linq;
using Alyx.Aws.CloudWatch;
using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.CloudWatch;

/// <summary>Sum and sample count of a metric, as CloudWatch aggregates it.</summary>
public sealed record MetricTotals(double Sum, double SampleCount, double Maximum);

/// <summary>CloudWatch calls the Alyx client has no method for, used to set up and read back moto's state.</summary>
internal static class MotoCloudWatch
{
    private static readonly AwsServiceInfo Service = new("CloudWatch", "monitoring", "monitoring");

    /// <summary>Reads a metric's totals over [start - 1 h, start + 1 h] with GetMetricStatistics.</summary>
    public static async Task<MetricTotals> GetTotalsAsync(string metricNamespace, string metricName, IReadOnlyList<CloudWatchDimension> dimensions, DateTimeOffset around)
    {
        var query = new AwsQueryWriter("GetMetricStatistics", "2010-08-01")
            .Add("Namespace", metricNamespace)
            .Add("MetricName", metricName);
        for (var i = 0; i < dimensions.Count; i++)
        {
            query.Add($"Dimensions.member.{i + 1}.Name", dimensions[i].Name).Add($"Dimensions.member.{i + 1}.Value", dimensions[i].Value);
        }

        query.Add("StartTime", around.AddHours(-1))
            .Add("EndTime", around.AddHours(1))
            .Add("Period", 7200)
            .Add("Statistics.member.1", "Sum")
            .Add("Statistics.member.2", "SampleCount")
            .Add("Statistics.member.3", "Maximum");
        var result = await SendAsync("GetMetricStatistics", query.ToContent());
        var points = result.Members("Datapoints").ToList();
        return new MetricTotals(
            points.Sum(p => Number(p, "Sum")),
            points.Sum(p => Number(p, "SampleCount")),
            points.Count == 0 ? double.NaN : points.Max(p => Number(p, "Maximum")));
    }

    public static async Task PutMetricAlarmAsync(string alarmName, string metricNamespace, string metricName, CloudWatchDimension dimension)
    {
        var query = new AwsQueryWriter("PutMetricAlarm", "2010-08-01")
            .Add("AlarmName", alarmName)
            .Add("MetricName", metricName)
            .Add("Namespace", metricNamespace)
            .Add("Statistic", "Average")
            .Add("Dimensions.member.1.Name", dimension.Name)
            .Add("Dimensions.member.1.Value", dimension.Value)
            .Add("Period", 60)
            .Add("EvaluationPeriods", 3)
            .Add("Threshold", 250.0)
            .Add("ComparisonOperator", "GreaterThanThreshold");
        await SendAsync("PutMetricAlarm", query.ToContent());
    }

    /// <summary>Sends a raw request, bypassing the client's own validation.</summary>
    public static async Task<XElement> SendAsync(string operation, AwsRequestContent content)
    {
        using var transport = new AwsHttpTransport(Service, MotoAws.Options, null, null, null);
        var response = await transport.SendAsync(operation, content, CancellationToken.None);
        return AwsXml.Result(response, Service.ServiceId, operation);
    }

    private static double Number(XElement point, string name) =>
        double.Parse(point.ChildValue(name) ?? "0", CultureInfo.InvariantCulture);
}

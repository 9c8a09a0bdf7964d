using System.Text.Json;
using Alyx.Aws.CloudWatch;

namespace Alyx.Aws.Tests.CloudWatch;

/// <summary>Reads EMF back the way CloudWatch Logs does: every line's directive names the metrics to extract.</summary>
public sealed class EmfMetricSinkContractTests : MetricSinkContractTests
{
    private readonly StringWriter _output = new();

    protected override IMetricSink CreateSink() => new EmfMetricSink(_output);

    protected override Task<MetricTotals> ReadBackAsync(string metricNamespace, string metricName, DateTimeOffset timestamp)
    {
        var values = new List<double>();
        foreach (var line in _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            var dimensionNames = directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()).ToList();
            var matches = directive.GetProperty("Namespace").GetString() == metricNamespace
                && root.GetProperty("_aws").GetProperty("Timestamp").GetInt64() == timestamp.ToUnixTimeMilliseconds()
                && dimensionNames.SequenceEqual(Dimensions.Select(d => d.Name))
                && Dimensions.All(d => root.GetProperty(d.Name).GetString() == d.Value)
                && directive.GetProperty("Metrics").EnumerateArray().Any(m => m.GetProperty("Name").GetString() == metricName);
            if (!matches)
            {
                continue;
            }

            var value = root.GetProperty(metricName);
            values.AddRange(value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetDouble()) : [value.GetDouble()]);
        }

        return Task.FromResult(new MetricTotals(values.Sum(), values.Count, values.Count == 0 ? double.NaN : values.Max()));
    }
}

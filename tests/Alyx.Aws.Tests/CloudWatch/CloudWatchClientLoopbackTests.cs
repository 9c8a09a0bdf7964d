using System.Text.RegularExpressions;
using Alyx.Aws.CloudWatch;
using Alyx.Aws.Tests.Http;

namespace Alyx.Aws.Tests.CloudWatch;

/// <summary>PutMetricData batching, checked on what reaches a loopback server (moto is too slow for big batches).</summary>
public sealed partial class CloudWatchClientLoopbackTests
{
    private const string Ok = "<PutMetricDataResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricDataResponse>";

    [Fact]
    public async Task PutMetricData_2500Datums_SendsBatchesOf1000()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, Ok, "text/xml"));
        using var cloudWatch = new CloudWatchClient(server.Options());
        var data = Enumerable.Range(0, 2500).Select(i => new CloudWatchMetricDatum("Heartbeats") { Value = i, Unit = CloudWatchUnit.Count }).ToList();

        var calls = await cloudWatch.PutMetricDataAsync("Alyx", data);

        Assert.Equal(3, calls);
        Assert.Equal([500, 1000, 1000], server.Requests.Select(r => DatumCount(r.Body)).Order());
    }

    [Fact]
    public async Task PutMetricData_BodyOver1MB_SplitsBody()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, Ok, "text/xml"));
        using var cloudWatch = new CloudWatchClient(server.Options());
        var dimensions = Enumerable.Range(0, 30).Select(d => new CloudWatchDimension($"D{d}", new string('v', 200))).ToList();
        var data = Enumerable.Range(0, 400).Select(i => new CloudWatchMetricDatum("Wide") { Dimensions = dimensions, Value = i }).ToList();

        var calls = await cloudWatch.PutMetricDataAsync("Alyx", data);

        Assert.True(calls > 1, $"expected a split, got {calls} call(s)");
        Assert.Equal(calls, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.True(r.Body.Length <= CloudWatchClient.MaxRequestBytes, $"body of {r.Body.Length} bytes"));
        Assert.Equal(400, server.Requests.Sum(r => DatumCount(r.Body)));
    }

    private static int DatumCount(string body) => MetricNamePattern().Count(body);

    [GeneratedRegex(@"MetricData\.member\.\d+\.MetricName=")]
    private static partial Regex MetricNamePattern();
}

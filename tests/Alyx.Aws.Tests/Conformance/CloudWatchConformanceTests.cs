using System.Text.Json.Nodes;
using Alyx.Aws.CloudWatch;
using static Alyx.Aws.Tests.Conformance.ConformanceClients;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>
/// Each CloudWatch operation signed by botocore and by <see cref="CloudWatchClient"/> from the same input. botocore
/// 1.43 defaults CloudWatch to smithy-rpc-v2-cbor, so the oracle is switched to the Query protocol the client speaks.
/// </summary>
public sealed class CloudWatchConformanceTests
{
    private static readonly DateTimeOffset Observed = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PutMetricData_EveryDatumKind_MatchesBotocore()
    {
        var dimensions = new CloudWatchDimension[] { new("Cluster", "bots"), new("ShardId", "3") };
        var data = new[]
        {
            new CloudWatchMetricDatum("GatewayLatency") { Dimensions = dimensions, Timestamp = Observed, Value = 42.0, Unit = CloudWatchUnit.Milliseconds },
            new CloudWatchMetricDatum("EventsReceived") { Timestamp = Observed.AddMilliseconds(500), StatisticValues = new(4.0, 100.0, 0.1, 1e-05), Unit = CloudWatchUnit.Count, StorageResolution = 1 },
            new CloudWatchMetricDatum("IdentifyWait") { Values = [1e16, 123456.789, -0.0, 2.5e-07], Counts = [1.0, 2.0, 3.0, 4.0], Unit = CloudWatchUnit.Seconds },
        };
        var parameters = JsonNode.Parse("""
            {"Namespace":"Alyx","MetricData":[
              {"MetricName":"GatewayLatency","Dimensions":[{"Name":"Cluster","Value":"bots"},{"Name":"ShardId","Value":"3"}],
               "Timestamp":"2026-01-02T03:00:00Z","Value":42.0,"Unit":"Milliseconds"},
              {"MetricName":"EventsReceived","Timestamp":"2026-01-02T03:00:00.500000Z",
               "StatisticValues":{"SampleCount":4.0,"Sum":100.0,"Minimum":0.1,"Maximum":1e-05},"Unit":"Count","StorageResolution":1},
              {"MetricName":"IdentifyWait","Values":[1e16,123456.789,-0.0,2.5e-07],"Counts":[1.0,2.0,3.0,4.0],"Unit":"Seconds"}]}
            """)!.AsObject();

        var actual = await CaptureAsync(cloudWatch => cloudWatch.PutMetricDataAsync("Alyx", data));
        var expected = await BotocoreOracle.SignAsync("cloudwatch", "PutMetricData", parameters, protocol: "query");

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task DescribeAlarms_NamesAndState_MatchesBotocore()
    {
        var request = new CloudWatchDescribeAlarmsRequest { AlarmNames = ["alyx-latency", "alyx-guilds"], StateValue = "ALARM", MaxRecords = 50, NextToken = "n/2+" };
        var parameters = JsonNode.Parse("""{"AlarmNames":["alyx-latency","alyx-guilds"],"StateValue":"ALARM","MaxRecords":50,"NextToken":"n/2+"}""")!.AsObject();

        var actual = await CaptureAsync(cloudWatch => cloudWatch.DescribeAlarmsAsync(request));
        var expected = await BotocoreOracle.SignAsync("cloudwatch", "DescribeAlarms", parameters, protocol: "query");

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task DescribeAlarms_Prefix_MatchesBotocore()
    {
        var parameters = JsonNode.Parse("""{"AlarmNamePrefix":"alyx-"}""")!.AsObject();

        var actual = await CaptureAsync(cloudWatch => cloudWatch.DescribeAlarmsAsync(new CloudWatchDescribeAlarmsRequest { AlarmNamePrefix = "alyx-" }));
        var expected = await BotocoreOracle.SignAsync("cloudwatch", "DescribeAlarms", parameters, protocol: "query");

        AssertSameRequest(expected, actual);
    }

    private static async Task<CapturedRequest?> CaptureAsync(Func<CloudWatchClient, Task> call)
    {
        var handler = new CapturingHandler(_ => "<Response><DescribeAlarmsResult><MetricAlarms /></DescribeAlarmsResult></Response>");
        using var http = new HttpClient(handler);
        using var cloudWatch = new CloudWatchClient(Options(), http, null, Clock());
        await call(cloudWatch);
        return handler.Captured;
    }
}

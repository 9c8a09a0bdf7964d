using Alyx.Aws.CloudWatch;
using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.CloudWatch;

public sealed class CloudWatchClientMotoTests : IDisposable
{
    private readonly CloudWatchClient _cloudWatch = new(MotoAws.Options);
    private readonly string _namespace = "Alyx/" + MotoAws.UniqueName("test");

    public void Dispose() => _cloudWatch.Dispose();

    [Fact]
    public async Task PutMetricData_Values_ReadBackAsTotals()
    {
        var now = DateTimeOffset.UtcNow;
        var shard = new CloudWatchDimension("ShardId", "3");
        var data = new[]
        {
            new CloudWatchMetricDatum("GatewayLatency") { Dimensions = [shard], Timestamp = now, Value = 42.5, Unit = CloudWatchUnit.Milliseconds },
            new CloudWatchMetricDatum("GatewayLatency") { Dimensions = [shard], Timestamp = now, Value = 7.5, Unit = CloudWatchUnit.Milliseconds },
            new CloudWatchMetricDatum("GatewayLatency") { Dimensions = [new("ShardId", "4")], Timestamp = now, Value = 1000, Unit = CloudWatchUnit.Milliseconds },
        };

        var calls = await _cloudWatch.PutMetricDataAsync(_namespace, data);
        var totals = await MotoCloudWatch.GetTotalsAsync(_namespace, "GatewayLatency", [shard], now);

        Assert.Equal(1, calls);
        Assert.Equal(50.0, totals.Sum);
        Assert.Equal(2.0, totals.SampleCount);
        Assert.Equal(42.5, totals.Maximum);
    }

    [Fact]
    public async Task PutMetricData_StatisticSet_ReadBackAsTotals()
    {
        var now = DateTimeOffset.UtcNow;
        var cluster = new CloudWatchDimension("Cluster", "bots");
        var datum = new CloudWatchMetricDatum("EventsReceived") { Dimensions = [cluster], Timestamp = now, StatisticValues = new(4, 100, 10, 40), Unit = CloudWatchUnit.Count };

        await _cloudWatch.PutMetricDataAsync(_namespace, [datum]);
        var totals = await MotoCloudWatch.GetTotalsAsync(_namespace, "EventsReceived", [cluster], now);

        Assert.Equal(100.0, totals.Sum);
        Assert.Equal(4.0, totals.SampleCount);
        Assert.Equal(40.0, totals.Maximum);
    }

    [Fact]
    public async Task DescribeAlarms_ByName_ReturnsAlarmFields()
    {
        var alarmName = MotoAws.UniqueName("latency-high");
        await MotoCloudWatch.PutMetricAlarmAsync(alarmName, _namespace, "GatewayLatency", new("ShardId", "3"));

        var page = await _cloudWatch.DescribeAlarmsAsync(new CloudWatchDescribeAlarmsRequest { AlarmNames = [alarmName] });

        var alarm = Assert.Single(page.MetricAlarms);
        Assert.Equal(alarmName, alarm.AlarmName);
        Assert.Equal("GatewayLatency", alarm.MetricName);
        Assert.Equal(_namespace, alarm.Namespace);
        Assert.Equal(250.0, alarm.Threshold);
        Assert.Equal(3, alarm.EvaluationPeriods);
        Assert.Equal(60, alarm.Period);
        Assert.Equal("GreaterThanThreshold", alarm.ComparisonOperator);
        Assert.Equal(new CloudWatchDimension("ShardId", "3"), Assert.Single(alarm.Dimensions));
        Assert.NotNull(alarm.StateValue);
        Assert.NotNull(alarm.AlarmArn);
    }

    [Fact]
    public async Task DescribeAlarms_UnknownPrefix_ReturnsEmptyPage()
    {
        var page = await _cloudWatch.DescribeAlarmsAsync(new CloudWatchDescribeAlarmsRequest { AlarmNamePrefix = MotoAws.UniqueName("none") });

        Assert.Empty(page.MetricAlarms);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task PutMetricData_NaNOnTheWire_ThrowsInvalidParameter()
    {
        // The client rejects NaN itself, so the raw request shows how a CloudWatch Query error maps.
        var content = new AwsQueryWriter("PutMetricData", "2010-08-01")
            .Add("Namespace", _namespace)
            .Add("MetricData.member.1.MetricName", "Broken")
            .Add("MetricData.member.1.Value", "NaN")
            .ToContent();

        var error = await Assert.ThrowsAsync<AwsInvalidParameterException>(() => MotoCloudWatch.SendAsync("PutMetricData", content));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal("CloudWatch", error.Service);
    }

    [Fact]
    public async Task PutMetricData_NaNValue_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _cloudWatch.PutMetricDataAsync(_namespace, [new CloudWatchMetricDatum("Broken") { Value = double.NaN }]));

        Assert.Contains("NaN or infinite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutMetricData_AwsNamespace_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _cloudWatch.PutMetricDataAsync("AWS/ECS", [new CloudWatchMetricDatum("CPU") { Value = 1 }]));

        Assert.Contains("'AWS/ECS'", error.Message, StringComparison.Ordinal);
    }
}

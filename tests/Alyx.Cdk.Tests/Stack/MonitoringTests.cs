using Amazon.CDK.Assertions;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class MonitoringTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Alarms_Every_NotifiesTheAlarmTopic()
    {
        var alarms = stacks.DefaultJson.Resources("AWS::CloudWatch::Alarm");

        Assert.NotEmpty(alarms);
        Assert.All(alarms, alarm => Assert.StartsWith(
            "MessagingAlarmTopic", (string?)alarm.Properties["AlarmActions"]!.AsArray().Single()!["Ref"], StringComparison.Ordinal));
        Assert.All(alarms, alarm => Assert.StartsWith(
            "MessagingAlarmTopic", (string?)alarm.Properties["OKActions"]!.AsArray().Single()!["Ref"], StringComparison.Ordinal));
    }

    [Fact]
    public void ShardsNotReadyAlarm_Metrics_DesiredMinusReady()
    {
        var alarm = Alarm(stacks.DefaultJson, "alyx-default-shards-not-ready");

        var metrics = alarm["Metrics"]!.AsArray();

        Assert.Contains(metrics, metric => (string?)metric!["Expression"] == "desired - ready");
        Assert.Contains(metrics, metric => (string?)metric!["MetricStat"]?["Metric"]?["MetricName"] == "ShardsReady");
        Assert.Contains(metrics, metric => (string?)metric!["MetricStat"]?["Metric"]?["MetricName"] == "ShardsDesired");
        Assert.All(
            metrics.Where(metric => metric!["MetricStat"] is not null),
            metric => Assert.Equal("Alyx", (string?)metric!["MetricStat"]!["Metric"]!["Namespace"]));
        Assert.Equal(10, (int)alarm["EvaluationPeriods"]!);
    }

    [Fact]
    public void AutoLatencyAlarm_Query_TakesMaximumOverShards()
    {
        var alarm = Alarm(stacks.DefaultJson, "alyx-default-gateway-latency");

        var query = (string?)alarm["Metrics"]!.AsArray().Single()!["Expression"];

        Assert.Equal("SELECT MAX(GatewayLatency) FROM SCHEMA(\"Alyx\", Cluster, ShardId) WHERE Cluster = 'default'", query);
        Assert.Equal(1000, (double)alarm["Threshold"]!);
    }

    [Fact]
    public void FixedShardCount_LatencyAlarms_OnePerShard()
    {
        var alarms = stacks.VariantJson.Resources("AWS::CloudWatch::Alarm")
            .Where(alarm => (string?)alarm.Properties["MetricName"] == "GatewayLatency")
            .ToList();

        var shardIds = alarms.Select(alarm => (string)alarm.Properties["Dimensions"]!.AsArray()
            .Single(dimension => (string?)dimension!["Name"] == "ShardId")!["Value"]!).Order();

        Assert.Equal(["0", "1", "2"], shardIds);
        Assert.All(alarms, alarm => Assert.Equal("Alyx", (string?)alarm.Properties["Namespace"]));
    }

    [Fact]
    public void HandlerErrorsAlarm_Query_SumsOverShards()
    {
        var alarm = Alarm(stacks.DefaultJson, "alyx-default-handler-errors");

        var query = (string?)alarm["Metrics"]!.AsArray().Single()!["Expression"];

        Assert.Equal("SELECT SUM(HandlerErrors) FROM SCHEMA(\"Alyx\", Cluster, ShardId) WHERE Cluster = 'default'", query);
    }

    [Fact]
    public void LogErrorFilters_BothLogGroups_CountErrors()
    {
        var filters = stacks.DefaultJson.Resources("AWS::Logs::MetricFilter");

        Assert.Equal(2, filters.Count);
        Assert.All(filters, filter => Assert.Equal(
            "{ ($.LogLevel = \"Error\") || ($.LogLevel = \"Critical\") }", (string?)filter.Properties["FilterPattern"]));
        Assert.Equal(
            ["OrchestratorErrors", "ShardErrors"],
            filters.Select(filter => (string)filter.Properties["MetricTransformations"]![0]!["MetricName"]!).Order());
        Assert.Equal(
            ["OrchestratorLogs", "ShardLogs"],
            filters.Select(filter => ((string)filter.Properties["LogGroupName"]!["Ref"]!)[..^8]).Order());
    }

    [Fact]
    public void LogErrorsAlarm_Metrics_FeedFromTheFilters()
    {
        var alarm = Alarm(stacks.DefaultJson, "alyx-default-log-errors");

        var names = alarm["Metrics"]!.AsArray()
            .Select(metric => (string?)metric!["MetricStat"]?["Metric"]?["MetricName"])
            .OfType<string>()
            .Order();

        Assert.Equal(["OrchestratorErrors", "ShardErrors"], names);
    }

    [Fact]
    public void Dashboard_Created_ForTheCluster()
    {
        stacks.Default.HasResourceProperties("AWS::CloudWatch::Dashboard", new Dictionary<string, object>
        {
            ["DashboardName"] = "alyx-default",
            ["DashboardBody"] = Match.AnyValue(),
        });
    }

    [Fact]
    public void LogGroups_Variant_KeepsConfiguredRetention()
    {
        stacks.Variant.ResourcePropertiesCountIs("AWS::Logs::LogGroup", new Dictionary<string, object> { ["RetentionInDays"] = 7 }, 2);
    }

    private static System.Text.Json.Nodes.JsonObject Alarm(TemplateJson json, string name) =>
        json.Resources("AWS::CloudWatch::Alarm").Single(alarm => (string?)alarm.Properties["AlarmName"] == name).Properties;
}

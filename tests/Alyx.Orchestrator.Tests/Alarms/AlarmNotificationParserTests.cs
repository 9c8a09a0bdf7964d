using Alyx.Orchestrator.Alarms;

namespace Alyx.Orchestrator.Tests.Alarms;

public sealed class AlarmNotificationParserTests
{
    [Fact]
    public void TryParse_SingleMetricInSnsEnvelope_ReadsAlarmAndDimensions()
    {
        var body = AlarmMessages.InSnsEnvelope(AlarmMessages.SingleMetric("shard-unhealthy", "ALARM", "GatewayLatency", ("Cluster", "prod"), ("ShardId", "3")), "shard-unhealthy");

        var parsed = AlarmNotificationParser.TryParse(body, out var notification, out var error);

        Assert.True(parsed, error);
        Assert.Equal("shard-unhealthy", notification!.AlarmName);
        Assert.Equal(AlarmState.Alarm, notification.NewState);
        Assert.Equal(AlarmState.Ok, notification.OldState);
        Assert.StartsWith("Threshold Crossed", notification.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 21, 41, 12, 345, TimeSpan.Zero), notification.StateChangeTime);
        Assert.Equal("GatewayLatency", Assert.Single(notification.Metrics).MetricName);
        Assert.Equal(["3"], notification.DimensionValues("ShardId"));
        Assert.Equal(["prod"], notification.DimensionValues("Cluster"));
    }

    [Fact]
    public void TryParse_MetricMathRaw_ReadsDimensionsOfMetricStat()
    {
        var body = AlarmMessages.MetricMath("latency-smoothed", "ALARM", "GatewayLatency", ("ShardId", "7"));

        var parsed = AlarmNotificationParser.TryParse(body, out var notification, out var error);

        Assert.True(parsed, error);
        Assert.Equal(2, notification!.Metrics.Count);
        Assert.Equal("m1*1", notification.Metrics[0].Expression);
        Assert.Equal("GatewayLatency", notification.Metrics[1].MetricName);
        Assert.Equal(["7"], notification.DimensionValues("ShardId"));
    }

    [Fact]
    public void TryParse_OkAndInsufficientData_ParseTheirStates()
    {
        var okParsed = AlarmNotificationParser.TryParse(AlarmMessages.SingleMetric("a", "OK", "Guilds"), out var ok, out _);
        var insufficientParsed = AlarmNotificationParser.TryParse(AlarmMessages.SingleMetric("a", "INSUFFICIENT_DATA", "Guilds"), out var insufficient, out _);

        Assert.True(okParsed);
        Assert.True(insufficientParsed);
        Assert.Equal(AlarmState.Ok, ok!.NewState);
        Assert.Equal(AlarmState.InsufficientData, insufficient!.NewState);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"Type\":\"Notification\",\"Message\":\"{oops\"}", "not valid JSON")]
    [InlineData("{\"Type\":\"Notification\"}", "no Message")]
    [InlineData("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"confirm\"}", "not Notification")]
    [InlineData("{\"NewStateValue\":\"ALARM\"}", "AlarmName is missing")]
    [InlineData("{\"AlarmName\":\"a\",\"NewStateValue\":\"BROKEN\"}", "NewStateValue 'BROKEN'")]
    [InlineData("{\"Type\":\"Notification\",\"Message\":\"\\\"just a string\\\"\"}", "not a JSON object")]
    public void TryParse_Malformed_ReturnsFalseWithReason(string body, string expectedError)
    {
        var parsed = AlarmNotificationParser.TryParse(body, out var notification, out var error);

        Assert.False(parsed);
        Assert.Null(notification);
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownFields_AreIgnored()
    {
        var body = "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"SomethingNew\":{\"x\":1},\"Trigger\":{\"MetricName\":\"Guilds\",\"Extra\":[1]}}";

        var parsed = AlarmNotificationParser.TryParse(body, out var notification, out var error);

        Assert.True(parsed, error);
        Assert.Null(notification!.StateChangeTime);
        Assert.Empty(notification.Metrics[0].Dimensions);
    }
}

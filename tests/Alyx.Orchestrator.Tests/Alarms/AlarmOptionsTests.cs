using Alyx.Orchestrator.Alarms;

namespace Alyx.Orchestrator.Tests.Alarms;

public sealed class AlarmOptionsTests
{
    [Theory]
    [InlineData("shard-unhealthy", "shard-unhealthy", true)]
    [InlineData("shard-*", "shard-unhealthy", true)]
    [InlineData("*-unhealthy", "shard-unhealthy", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-c", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("shard-*", "Shard-unhealthy", false)]
    [InlineData("*", "anything", true)]
    public void Matches_AlarmNamePattern_FollowsWildcard(string pattern, string alarmName, bool expected)
    {
        var rule = new AlarmRule { Match = pattern };
        var notification = new AlarmNotification(alarmName, AlarmState.Alarm, null, "", null, []);

        var matches = rule.Matches(notification);

        Assert.Equal(expected, matches);
    }

    [Fact]
    public void Matches_MetricNameInsideMetricMath_Matches()
    {
        var rule = new AlarmRule { Match = "GatewayLatency", MatchOn = AlarmRuleFields.MetricName };
        var notification = new AlarmNotification("smoothed", AlarmState.Alarm, null, "", null,
            [new AlarmMetric("e1", "m1*1", null, null, []), new AlarmMetric("m1", null, "GatewayLatency", "Alyx", [])]);

        var matches = rule.Matches(notification);

        Assert.True(matches);
    }

    [Fact]
    public void Validate_EveryInvalidSetting_IsNamed()
    {
        var options = new AlarmOptions
        {
            QueueUrl = "not a url",
            DefaultCooldown = TimeSpan.FromSeconds(-1),
            ShardDimension = " ",
            ClusterDimension = "",
            ReceiveWaitTime = TimeSpan.FromSeconds(21),
            MaxReceiveCount = 0,
        };
        options.Rules.Add(new AlarmRule { Match = "", MatchOn = "Namespace", Action = "reboot", Cooldown = TimeSpan.FromSeconds(-5) });

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        foreach (var name in new[] { "QueueUrl", "DefaultCooldown", "ShardDimension", "ClusterDimension", "ReceiveWaitTime", "MaxReceiveCount",
            "Rules:0:Match", "Rules:0:MatchOn", "Rules:0:Action", "Rules:0:Cooldown" })
        {
            Assert.Contains(name, exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("record", AlarmAction.Record)]
    [InlineData("restart-shard", AlarmAction.RestartShard)]
    [InlineData("Reshard-Recommended", AlarmAction.ReshardRecommended)]
    public void ParsedAction_ConfigurationName_MapsToAction(string name, AlarmAction expected)
    {
        var rule = new AlarmRule { Action = name };

        var action = rule.ParsedAction;

        Assert.Equal(expected, action);
    }
}

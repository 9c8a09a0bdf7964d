using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;

namespace Alyx.Orchestrator.Tests.Alarms;

public sealed class OrchestratorMessagingTests
{
    [Fact]
    public void ReadSettings_EnvironmentStyleKeys_BindTransportAndRules()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ALYX_TRANSPORT"] = "sns-sqs",
            ["ALYX_BUS_TOPIC_ARN"] = "arn:aws:sns:us-east-1:123456789012:bus",
            ["ALYX_ALARM_QUEUE_URL"] = "http://127.0.0.1:1/123456789012/alarms",
            ["Alarms:DefaultCooldown"] = "00:10:00",
            ["Alarms:Rules:0:Match"] = "alyx-*-unhealthy",
            ["Alarms:Rules:0:Action"] = "restart-shard",
            ["Alarms:Rules:0:Cooldown"] = "00:05:00",
            ["Alarms:Rules:1:Match"] = "Guilds",
            ["Alarms:Rules:1:MatchOn"] = "MetricName",
            ["Alarms:Rules:1:Action"] = "reshard-recommended",
        }).Build();

        var settings = OrchestratorMessaging.ReadSettings(configuration);

        settings.Validate();
        Assert.Equal("sns-sqs", settings.Transport);
        Assert.Equal("alyx", settings.QueuePrefix);
        Assert.Equal("http://127.0.0.1:1/123456789012/alarms", settings.Alarms.QueueUrl);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Alarms.DefaultCooldown);
        Assert.Equal(2, settings.Alarms.Rules.Count);
        Assert.Equal(AlarmAction.RestartShard, settings.Alarms.Rules[0].ParsedAction);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Alarms.Rules[0].Cooldown);
        Assert.Equal(AlarmRuleFields.MetricName, settings.Alarms.Rules[1].MatchOn);
        Assert.Null(settings.Alarms.Rules[1].Cooldown);
    }
}

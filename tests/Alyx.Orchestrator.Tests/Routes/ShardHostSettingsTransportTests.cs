using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Tests.Routes;

public sealed class ShardHostSettingsTransportTests
{
    private static readonly ShardLaunchRequest Request = new("prod", 2, 1, 4, "prod-2-1-0");

    [Fact]
    public void ToEnvironment_SnsSqs_PassesBusSettings()
    {
        var settings = new ShardHostSettings
        {
            Token = "token",
            Transport = "sns-sqs",
            BusTopicArn = "arn:aws:sns:us-east-1:123456789012:bus",
            QueuePrefix = "prod",
            PayloadBucket = "payloads",
        };

        var environment = settings.ToEnvironment(Request);

        Assert.Equal("sns-sqs", environment["ALYX_TRANSPORT"]);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:bus", environment["ALYX_BUS_TOPIC_ARN"]);
        Assert.Equal("prod", environment["ALYX_QUEUE_PREFIX"]);
        Assert.Equal("payloads", environment["ALYX_PAYLOAD_BUCKET"]);
    }

    [Fact]
    public void ToEnvironment_Redis_LeavesBusSettingsOut()
    {
        var settings = new ShardHostSettings { Token = "token", BusTopicArn = "arn:aws:sns:us-east-1:123456789012:bus" };

        var environment = settings.ToEnvironment(Request);

        Assert.False(environment.ContainsKey("ALYX_TRANSPORT"));
        Assert.False(environment.ContainsKey("ALYX_BUS_TOPIC_ARN"));
    }
}

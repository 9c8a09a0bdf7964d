using System.CommandLine;
using Alyx.Cli.Hosting;

namespace Alyx.Cli.Tests.Hosting;

public sealed class MessagingRunOptionsTests
{
    [Fact]
    public void Read_AllOptions_FillSettings()
    {
        var options = new MessagingRunOptions();
        var command = new Command("run");
        options.AddTo(command);

        var parseResult = command.Parse([
            "--transport", "sns-sqs", "--bus-topic-arn", "arn:aws:sns:us-east-1:123456789012:bus", "--queue-prefix", "prod",
            "--payload-bucket", "alyx-payloads", "--alarm-queue-url", "https://sqs.us-east-1.amazonaws.com/123456789012/alarms"]);
        var settings = options.Read(parseResult);

        Assert.Empty(parseResult.Errors);
        Assert.Equal("sns-sqs", settings.Transport);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:bus", settings.BusTopicArn);
        Assert.Equal("prod", settings.QueuePrefix);
        Assert.Equal("alyx-payloads", settings.PayloadBucket);
        Assert.Equal("https://sqs.us-east-1.amazonaws.com/123456789012/alarms", settings.Alarms.QueueUrl);
    }

    [Fact]
    public void Read_SnsSqsWithoutTopic_FailsValidationNamingTheTopic()
    {
        var options = new MessagingRunOptions();
        var command = new Command("run");
        options.AddTo(command);

        var settings = options.Read(command.Parse(["--transport", "sns-sqs"]));

        var exception = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Contains("BusTopicArn", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTransport_IsRejected()
    {
        var options = new MessagingRunOptions();
        var command = new Command("run");
        options.AddTo(command);

        var parseResult = command.Parse(["--transport", "kafka"]);

        Assert.NotEmpty(parseResult.Errors);
    }
}

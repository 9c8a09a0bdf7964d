using System.CommandLine;
using Alyx.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;

namespace Alyx.Cli.Hosting;

/// <summary>
/// The transport and alarm options of <c>alyx orchestrator run</c>: <c>--transport</c>, <c>--bus-topic-arn</c>,
/// <c>--queue-prefix</c>, <c>--payload-bucket</c> and <c>--alarm-queue-url</c>, each falling back to its
/// <c>ALYX_*</c> variable. Alarm rules come from the <c>ALYX_Alarms__Rules__N__*</c> variables.
/// </summary>
public sealed class MessagingRunOptions
{
    private readonly Option<string> _transport = new("--transport")
    {
        Description = "The messaging transport: redis, or sns-sqs on the bus topic, whose shard queues the orchestrator creates (env ALYX_TRANSPORT; default redis).",
        DefaultValueFactory = _ => Variable("ALYX_TRANSPORT") ?? "redis",
    };

    private readonly Option<string?> _busTopicArn = new("--bus-topic-arn")
    {
        Description = "The SNS topic ARN of the message bus; required for sns-sqs (env ALYX_BUS_TOPIC_ARN).",
        DefaultValueFactory = _ => Variable("ALYX_BUS_TOPIC_ARN"),
    };

    private readonly Option<string> _queuePrefix = new("--queue-prefix")
    {
        Description = "The prefix of the per-shard SQS queue names, 1 to 40 letters, digits, '-' or '_' (env ALYX_QUEUE_PREFIX; default alyx).",
        DefaultValueFactory = _ => Variable("ALYX_QUEUE_PREFIX") ?? "alyx",
    };

    private readonly Option<string?> _payloadBucket = new("--payload-bucket")
    {
        Description = "The S3 bucket for message payloads over the SNS/SQS limit (env ALYX_PAYLOAD_BUCKET; default none, so such messages fail).",
        DefaultValueFactory = _ => Variable("ALYX_PAYLOAD_BUCKET"),
    };

    private readonly Option<string?> _alarmQueueUrl = new("--alarm-queue-url")
    {
        Description = "The SQS queue URL that the CloudWatch alarm topic delivers to; rules come from ALYX_Alarms__Rules__N__Match, "
            + "__MatchOn, __Action and __Cooldown (env ALYX_ALARM_QUEUE_URL; default none, so alarms are off).",
        DefaultValueFactory = _ => Variable("ALYX_ALARM_QUEUE_URL"),
    };

    /// <summary>Creates the options; <see cref="AddTo"/> puts them on a command.</summary>
    public MessagingRunOptions()
    {
        _transport.AcceptOnlyFromAmong("redis", "sns-sqs");
    }

    /// <summary>Adds every option to the command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_transport);
        command.Options.Add(_busTopicArn);
        command.Options.Add(_queuePrefix);
        command.Options.Add(_payloadBucket);
        command.Options.Add(_alarmQueueUrl);
    }

    /// <summary>Returns the settings: the options, then the <c>Alarms</c> section of the <c>ALYX_</c>-prefixed environment.</summary>
    public OrchestratorMessagingSettings Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("ALYX_").Build();
        var settings = OrchestratorMessaging.ReadSettings(configuration);
        settings.Alarms.QueueUrl = parseResult.GetValue(_alarmQueueUrl);
        return settings with
        {
            Transport = parseResult.GetValue(_transport)!,
            BusTopicArn = parseResult.GetValue(_busTopicArn),
            QueuePrefix = parseResult.GetValue(_queuePrefix)!,
            PayloadBucket = parseResult.GetValue(_payloadBucket),
        };
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

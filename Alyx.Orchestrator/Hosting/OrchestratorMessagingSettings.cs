using Alyx.Coordination.Messaging;
using Alyx.Orchestrator.Alarms;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// The orchestrator's transport and alarm settings, with the names of the <c>ALYX_*</c> variables and
/// <c>alyx orchestrator run</c> options.
/// </summary>
public sealed record OrchestratorMessagingSettings
{
    /// <summary><c>redis</c> or <c>sns-sqs</c> (<c>ALYX_TRANSPORT</c>, <c>--transport</c>). Default <c>redis</c>.</summary>
    public string Transport { get; init; } = MessagingTransportNames.Redis;

    /// <summary>The SNS topic of the message bus (<c>ALYX_BUS_TOPIC_ARN</c>, <c>--bus-topic-arn</c>); required for <c>sns-sqs</c>.</summary>
    public string? BusTopicArn { get; init; }

    /// <summary>The prefix of the per-shard SQS queue names (<c>ALYX_QUEUE_PREFIX</c>, <c>--queue-prefix</c>). Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; init; } = "alyx";

    /// <summary>
    /// The S3 bucket for payloads over the SNS/SQS limit (<c>ALYX_PAYLOAD_BUCKET</c>, <c>--payload-bucket</c>). The
    /// orchestrator passes it on to shard hosts it starts itself; default null, so large payloads fail.
    /// </summary>
    public string? PayloadBucket { get; init; }

    /// <summary>Alarm queue and rules (<c>ALYX_ALARM_QUEUE_URL</c>, <c>--alarm-queue-url</c>, the <c>Alarms</c> section). Default: alarms off.</summary>
    public AlarmOptions Alarms { get; init; } = new();

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid, and the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (Transport is not (MessagingTransportNames.Redis or MessagingTransportNames.SnsSqs))
        {
            failures.Add($"Transport '{Transport}' must be {MessagingTransportNames.Redis} or {MessagingTransportNames.SnsSqs}.");
        }
        else if (Transport == MessagingTransportNames.SnsSqs && string.IsNullOrWhiteSpace(BusTopicArn))
        {
            failures.Add("BusTopicArn is missing: the sns-sqs transport needs the bus topic (ALYX_BUS_TOPIC_ARN or --bus-topic-arn).");
        }

        try
        {
            Alarms.Validate();
        }
        catch (ArgumentException exception)
        {
            failures.Add(exception.Message);
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid orchestrator messaging settings: " + string.Join(" ", failures));
        }
    }
}

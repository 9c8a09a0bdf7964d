namespace Alyx.Aws.Sns;

/// <summary>A message for <see cref="ISnsClient.PublishAsync"/>.</summary>
/// <param name="TopicArn">The topic to publish to.</param>
/// <param name="Message">The message body, at most 256 KiB (262,144 bytes) with its attributes.</param>
public sealed record SnsPublishRequest(string TopicArn, string Message)
{
    /// <summary>An optional subject, shown by email subscriptions and carried in the SQS notification envelope.</summary>
    public string? Subject { get; init; }

    /// <summary>Attributes that filter policies match, by name.</summary>
    public IReadOnlyDictionary<string, SnsAttributeValue> MessageAttributes { get; init; } = new Dictionary<string, SnsAttributeValue>();

    /// <summary>FIFO topics only: the deduplication id of this message.</summary>
    public string? MessageDeduplicationId { get; init; }

    /// <summary>FIFO topics only: the ordering group; required on FIFO topics.</summary>
    public string? MessageGroupId { get; init; }
}

using System.Text.RegularExpressions;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// Settings of <see cref="SqsMessageTransport"/>.
/// </summary>
public sealed partial class SqsTransportOptions
{
    /// <summary>
    /// The start of every queue and topic name, such as <c>alyx-prod</c>: 1 to 40 letters, digits, '-' or '_'.
    /// An inbox's queue is <c>{prefix}-{inbox}</c> and its dead-letter queue <c>{prefix}-{inbox}-dlq</c>. Default <c>alyx</c>.
    /// </summary>
    public string NamePrefix { get; set; } = "alyx";

    /// <summary>The SNS topic that carries broadcasts. Default null, which uses <c>{prefix}-broadcast</c>. Unused with <see cref="BusTopicArn"/>.</summary>
    public string? BroadcastTopicName { get; set; }

    /// <summary>
    /// The cluster's bus topic (<c>ALYX_BUS_TOPIC_ARN</c>), whose routes the orchestrator creates. When set, queues
    /// are named by <see cref="SqsRouteNames"/> for <see cref="Cluster"/>, messages to a shard and broadcasts are
    /// published to this topic with <see cref="BusAttributes"/>, shard queues must already exist, and dead letters
    /// go to the cluster's dead-letter queue. Default null: every process creates its own queues and the broadcast topic.
    /// </summary>
    public string? BusTopicArn { get; set; }

    /// <summary>The cluster name in queue names; required with <see cref="BusTopicArn"/>. Default null.</summary>
    public string? Cluster { get; set; }

    /// <summary>
    /// How long a received message stays invisible to other receivers (the queue's VisibilityTimeout). A message
    /// whose receiver dies is delivered again after this time. Default 30 s, the SQS default.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The long-poll wait of one ReceiveMessage call, 0 to 20 s (the SQS maximum). Stopping a subscription waits
    /// for the running poll to end, so keep this well below the container's stop timeout. Default 5 s.
    /// </summary>
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest message body, in bytes. Default 262,144 (256 KiB), the SNS limit per message. SQS itself takes
    /// up to 1 MiB, but broadcasts pass through SNS and one limit keeps payload routing simple.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 262_144;

    /// <summary>The broadcast topic name in effect.</summary>
    public string EffectiveBroadcastTopicName => BroadcastTopicName ?? $"{NamePrefix}-broadcast";

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid, and the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (NamePrefix is null || !NamePrefixPattern().IsMatch(NamePrefix))
        {
            failures.Add($"NamePrefix '{NamePrefix}' must be 1 to 40 letters, digits, '-' or '_'.");
        }

        if (BroadcastTopicName is not null && !TopicNamePattern().IsMatch(BroadcastTopicName))
        {
            failures.Add($"BroadcastTopicName '{BroadcastTopicName}' must be 1 to 256 letters, digits, '-' or '_'.");
        }

        if (BusTopicArn is not null && !BusTopicArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            failures.Add($"BusTopicArn '{BusTopicArn}' is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME).");
        }

        if (BusTopicArn is not null && string.IsNullOrWhiteSpace(Cluster))
        {
            failures.Add("Cluster is missing; the bus topic needs the cluster name for queue names.");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromHours(12))
        {
            failures.Add($"VisibilityTimeout must be 1 s to 12 h, not {VisibilityTimeout}.");
        }

        if (ReceiveWaitTime < TimeSpan.Zero || ReceiveWaitTime > TimeSpan.FromSeconds(20))
        {
            failures.Add($"ReceiveWaitTime must be 0 to 20 s, not {ReceiveWaitTime}.");
        }

        if (MaxBodyBytes < 1024 || MaxBodyBytes > 262_144)
        {
            failures.Add($"MaxBodyBytes must be 1024 to 262144, not {MaxBodyBytes}.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid SQS transport options: " + string.Join(" ", failures));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePrefixPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicNamePattern();
}

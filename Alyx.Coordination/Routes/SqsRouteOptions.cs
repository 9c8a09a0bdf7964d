using System.Text.RegularExpressions;

namespace Alyx.Coordination.Routes;

/// <summary>Settings of <see cref="SqsRouteProvisioner"/>; the names match the shard hosts' transport settings.</summary>
public sealed partial class SqsRouteOptions
{
    /// <summary>The cluster name in queue names (<c>ALYX_CLUSTER</c>). Default <c>default</c>.</summary>
    public string Cluster { get; set; } = "default";

    /// <summary>The bus topic the shard queues subscribe to (<c>ALYX_BUS_TOPIC_ARN</c>). Required.</summary>
    public string BusTopicArn { get; set; } = "";

    /// <summary>The start of every queue name (<c>ALYX_QUEUE_PREFIX</c>): 1 to 40 letters, digits, '-' or '_'. Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; set; } = "alyx";

    /// <summary>
    /// The shard queues' VisibilityTimeout. Keep it equal to the shard hosts' transport setting. Default 30 s, the SQS default.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Receives after which SQS moves a message to the cluster's dead-letter queue (the redrive policy's
    /// maxReceiveCount), 1 to 1000. It sits above the messenger's own limit (5 deliveries), so the messenger dead-letters
    /// with a reason first and SQS catches only messages whose receiver crashed each time. Default 10.
    /// </summary>
    public int MaxReceiveCount { get; set; } = 10;

    /// <summary>How long the dead-letter queue keeps messages, 1 minute to 14 days (the SQS maximum). Default 14 days.</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Queues created or deleted at once, 1 to 64. Default 8, well inside SQS's API rate.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid, and the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Cluster) || !ClusterPattern().IsMatch(Cluster))
        {
            failures.Add($"Cluster '{Cluster}' must be 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(BusTopicArn) || !BusTopicArn.StartsWith("arn:", StringComparison.Ordinal) || BusTopicArn.Split(':').Length != 6)
        {
            failures.Add($"BusTopicArn '{BusTopicArn}' is missing or not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME); set ALYX_BUS_TOPIC_ARN.");
        }

        if (QueuePrefix is null || !PrefixPattern().IsMatch(QueuePrefix))
        {
            failures.Add($"QueuePrefix '{QueuePrefix}' must be 1 to 40 letters, digits, '-' or '_'.");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromHours(12))
        {
            failures.Add($"VisibilityTimeout must be 1 s to 12 h, not {VisibilityTimeout}.");
        }

        if (MaxReceiveCount is < 1 or > 1000)
        {
            failures.Add($"MaxReceiveCount must be 1 to 1000, not {MaxReceiveCount}.");
        }

        if (DeadLetterRetention < TimeSpan.FromMinutes(1) || DeadLetterRetention > TimeSpan.FromDays(14))
        {
            failures.Add($"DeadLetterRetention must be 1 minute to 14 days, not {DeadLetterRetention}.");
        }

        if (MaxConcurrency is < 1 or > 64)
        {
            failures.Add($"MaxConcurrency must be 1 to 64, not {MaxConcurrency}.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid SQS route options: " + string.Join(" ", failures));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClusterPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex PrefixPattern();
}

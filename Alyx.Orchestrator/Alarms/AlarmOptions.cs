namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// Settings of <see cref="AlarmListener"/>, bound from the <c>Alarms</c> section (<c>ALYX_Alarms__Rules__0__Match</c>
/// and so on in the environment). With no <see cref="QueueUrl"/> the listener is off.
/// </summary>
public sealed class AlarmOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alarms";

    /// <summary>
    /// The SQS queue that the CloudWatch alarm topic delivers to (<c>ALYX_ALARM_QUEUE_URL</c>), with or without raw
    /// delivery. Default null: alarms are off. Give each cluster its own queue, because the leader deletes every
    /// message it reads.
    /// </summary>
    public string? QueueUrl { get; set; }

    /// <summary>The rules, tried in order; the first match decides. Default none: every alarm is only recorded.</summary>
    public IList<AlarmRule> Rules { get; } = [];

    /// <summary>The cooldown of a rule without its own. Default 5 minutes.</summary>
    public TimeSpan DefaultCooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The metric dimension that names the shard, as the shard hosts' metrics write it. Default <c>ShardId</c>.</summary>
    public string ShardDimension { get; set; } = "ShardId";

    /// <summary>
    /// The metric dimension that names the cluster. An alarm whose metrics carry it with another cluster's name is
    /// recorded and not acted on. Default <c>Cluster</c>.
    /// </summary>
    public string ClusterDimension { get; set; } = "Cluster";

    /// <summary>The long-poll wait of one ReceiveMessage call, 0 to 20 s (the SQS maximum). Default 10 s.</summary>
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receives after which a notification whose handling keeps failing (Redis unreachable, for example) is logged
    /// and deleted instead of tried again, 1 to 100. Default 5.
    /// </summary>
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid, and the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (QueueUrl is not null && (!Uri.TryCreate(QueueUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"QueueUrl '{QueueUrl}' is not an absolute http or https SQS queue URL.");
        }

        if (DefaultCooldown < TimeSpan.Zero)
        {
            failures.Add($"DefaultCooldown must not be negative, not {DefaultCooldown}.");
        }

        if (string.IsNullOrWhiteSpace(ShardDimension))
        {
            failures.Add("ShardDimension is empty; name the dimension that holds the shard id, such as ShardId.");
        }

        if (string.IsNullOrWhiteSpace(ClusterDimension))
        {
            failures.Add("ClusterDimension is empty; name the dimension that holds the cluster, such as Cluster.");
        }

        if (ReceiveWaitTime < TimeSpan.Zero || ReceiveWaitTime > TimeSpan.FromSeconds(20))
        {
            failures.Add($"ReceiveWaitTime must be 0 to 20 s, not {ReceiveWaitTime}.");
        }

        if (MaxReceiveCount is < 1 or > 100)
        {
            failures.Add($"MaxReceiveCount must be 1 to 100, not {MaxReceiveCount}.");
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            if (string.IsNullOrWhiteSpace(rule.Match))
            {
                failures.Add($"Rules:{i}:Match is empty; give an alarm or metric name, with * as a wildcard.");
            }

            if (rule.MatchOn is not (AlarmRuleFields.AlarmName or AlarmRuleFields.MetricName))
            {
                failures.Add($"Rules:{i}:MatchOn '{rule.MatchOn}' must be {AlarmRuleFields.AlarmName} or {AlarmRuleFields.MetricName}.");
            }

            if (rule.ParsedAction is null)
            {
                failures.Add($"Rules:{i}:Action '{rule.Action}' must be record, restart-shard or reshard-recommended.");
            }

            if (rule.Cooldown < TimeSpan.Zero)
            {
                failures.Add($"Rules:{i}:Cooldown must not be negative, not {rule.Cooldown}.");
            }
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid alarm options: " + string.Join(" ", failures));
        }
    }
}

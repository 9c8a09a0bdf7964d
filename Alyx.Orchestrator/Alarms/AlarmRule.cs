namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// Maps alarms to an action, bound from <c>Alarms:Rules:N</c>. The first rule whose <see cref="Match"/> fits wins.
/// </summary>
public sealed class AlarmRule
{
    /// <summary>
    /// The alarm name or metric name to match, exactly or with <c>*</c> for any run of characters, such as
    /// <c>alyx-prod-*-unhealthy</c>. Required.
    /// </summary>
    public string Match { get; set; } = "";

    /// <summary>
    /// What <see cref="Match"/> is compared with: <c>AlarmName</c>, or <c>MetricName</c> (any metric of the alarm,
    /// those inside metric math included). Default <c>AlarmName</c>.
    /// </summary>
    public string MatchOn { get; set; } = AlarmRuleFields.AlarmName;

    /// <summary><c>record</c>, <c>restart-shard</c> or <c>reshard-recommended</c>. Default <c>record</c>.</summary>
    public string Action { get; set; } = "record";

    /// <summary>
    /// The minimum time between two actions of this rule on one target (a shard, or the cluster for a reshard). An
    /// ALARM inside it is recorded but not acted on. Default null: <see cref="AlarmOptions.DefaultCooldown"/>.
    /// </summary>
    public TimeSpan? Cooldown { get; set; }

    /// <summary>Returns <see cref="Action"/> as an enum value, or null when it is not one of the three names.</summary>
    public AlarmAction? ParsedAction => Action?.Trim().ToLowerInvariant() switch
    {
        "record" => AlarmAction.Record,
        "restart-shard" => AlarmAction.RestartShard,
        "reshard-recommended" => AlarmAction.ReshardRecommended,
        _ => null,
    };

    /// <summary>Returns whether the rule matches the notification.</summary>
    public bool Matches(AlarmNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return string.Equals(MatchOn, AlarmRuleFields.MetricName, StringComparison.OrdinalIgnoreCase)
            ? notification.Metrics.Any(metric => metric.MetricName is { } name && WildcardMatches(Match, name))
            : WildcardMatches(Match, notification.AlarmName);
    }

    // '*' matches any run of characters; everything else matches itself, case-sensitively as CloudWatch names are.
    private static bool WildcardMatches(string pattern, string value)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal)
            || value.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = value.Length - parts[^1].Length;
        foreach (var part in parts[1..^1])
        {
            var found = value.IndexOf(part, position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return true;
    }
}

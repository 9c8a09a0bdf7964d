using System.Globalization;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;

namespace Alyx.Orchestrator.Alarms;

/// <summary>The decision half of the listener: rule, state, cluster, shard and cooldown checks, then the action.</summary>
public sealed partial class AlarmListener
{
    private const string ClusterTarget = "cluster";
    private const int MaxReasonLength = 300;
    private const int MaxSpecWriteAttempts = 3;

    private async Task<AlarmDecision> DecideAsync(AlarmNotification notification, CancellationToken cancellationToken)
    {
        var rule = _options.Rules.FirstOrDefault(candidate => candidate.Matches(notification));
        var action = rule?.ParsedAction ?? AlarmAction.Record;
        var summary = $"Alarm '{notification.AlarmName}' is {StateName(notification.NewState)}: {Shorten(notification.Reason)}.";
        if (rule is null)
        {
            return Skip(notification, action, "NoMatchingRule", null, $"{summary} No rule matches it, so it is only recorded.");
        }

        if (notification.NewState != AlarmState.Alarm)
        {
            return Skip(notification, action, "NotInAlarm", null, $"{summary} Only the ALARM state leads to an action.");
        }

        var clusters = notification.DimensionValues(_options.ClusterDimension);
        if (clusters.Count > 0 && !clusters.Contains(_cluster, StringComparer.Ordinal))
        {
            return Skip(notification, action, "OtherCluster", null,
                $"{summary} Its {_options.ClusterDimension} dimension names {string.Join(", ", clusters)}, not {_cluster}, so nothing is done.");
        }

        var cooldown = rule.Cooldown ?? _options.DefaultCooldown;
        return action switch
        {
            AlarmAction.RestartShard => await RestartAsync(notification, summary, cooldown, cancellationToken),
            AlarmAction.ReshardRecommended => await ReshardAsync(notification, summary, cooldown, cancellationToken),
            _ => Skip(notification, action, "Recorded", null, $"{summary} Its rule only records it."),
        };
    }

    private async Task<AlarmDecision> RestartAsync(AlarmNotification notification, string summary, TimeSpan cooldown, CancellationToken cancellationToken)
    {
        const AlarmAction Action = AlarmAction.RestartShard;
        var values = notification.DimensionValues(_options.ShardDimension);
        if (values.Count != 1)
        {
            return values.Count == 0
                ? Skip(notification, Action, "NoShardDimension", null, $"{summary} Its metrics have no {_options.ShardDimension} dimension, so no shard is restarted.")
                : Skip(notification, Action, "AmbiguousShard", null,
                    $"{summary} Its metrics name shards {string.Join(", ", values)}; a restart needs exactly one, so none is restarted.");
        }

        if (!int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shardId))
        {
            return Skip(notification, Action, "InvalidShard", null, $"{summary} Its {_options.ShardDimension} '{values[0]}' is not a shard id.");
        }

        var status = await _state.ReadStatusAsync(cancellationToken);
        if (status is null || shardId >= status.ShardCount)
        {
            return Skip(notification, Action, "UnknownShard", shardId,
                $"{summary} The cluster runs {status?.ShardCount ?? 0} shards, so shard {shardId} is not restarted.");
        }

        var target = shardId.ToString(CultureInfo.InvariantCulture);
        if (!await _cooldowns.TryStartAsync(Action, target, cooldown))
        {
            return Skip(notification, Action, "CooldownActive", shardId,
                $"{summary} Shard {shardId} was restarted for an alarm less than {cooldown.TotalSeconds:0.#} s ago, so it is not restarted again.");
        }

        try
        {
            await _restarts.RequestAsync(shardId);
        }
        catch
        {
            // The next receive retries the notification, and it must not find its own cooldown.
            await _cooldowns.TryClearAsync(Action, target);
            throw;
        }

        return new AlarmDecision(notification, Action, true, "RestartRequested", shardId, $"{summary} Shard {shardId} of set {status.ActiveShardSetEpoch} restarts.");
    }

    private async Task<AlarmDecision> ReshardAsync(AlarmNotification notification, string summary, TimeSpan cooldown, CancellationToken cancellationToken)
    {
        const AlarmAction Action = AlarmAction.ReshardRecommended;
        if (!await _cooldowns.TryStartAsync(Action, ClusterTarget, cooldown))
        {
            return Skip(notification, Action, "CooldownActive", null,
                $"{summary} An alarm resharded the cluster less than {cooldown.TotalSeconds:0.#} s ago, so it is not resharded again.");
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var spec = await _state.ReadSpecAsync(cancellationToken);
                if (spec is null)
                {
                    await _cooldowns.TryClearAsync(Action, ClusterTarget);
                    return Skip(notification, Action, "NoSpec", null, $"{summary} The cluster has no spec yet, so there is nothing to reshard.");
                }

                try
                {
                    // NOTE: the reconciler reuses GET /gateway/bot for OrchestratorOptions.GatewayRefreshInterval, so a
                    // recommendation that changed within that time is seen only after it.
                    var generation = await _state.WriteSpecAsync(spec with { ShardCount = null }, spec.Generation, cancellationToken);
                    var before = spec.ShardCount is { } count ? count.ToString(CultureInfo.InvariantCulture) : "auto already";
                    await _events.AppendAsync(
                        new OperatorEvent(OperatorEventTypes.ScaleRequested, "AlarmReshard",
                            $"Alarm '{notification.AlarmName}' set the shard count ({before}) to auto in spec generation {generation}."),
                        cancellationToken);
                    return new AlarmDecision(notification, Action, true, "ReshardRequested", null,
                        $"{summary} The shard count ({before}) is set to auto, Discord's recommended count, in spec generation {generation}.");
                }
                catch (SpecConflictException) when (attempt < MaxSpecWriteAttempts)
                {
                    // Someone wrote the spec in between: read it again and reapply.
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await _cooldowns.TryClearAsync(Action, ClusterTarget);
            throw;
        }
    }

    private static AlarmDecision Skip(AlarmNotification notification, AlarmAction action, string reason, int? shardId, string message) =>
        new(notification, action, false, reason, shardId, message);

    private static string StateName(AlarmState state) => state switch
    {
        AlarmState.Alarm => "ALARM",
        AlarmState.Ok => "OK",
        _ => "INSUFFICIENT_DATA",
    };

    private static string Shorten(string reason)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.Trim().TrimEnd('.');
        return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "...";
    }
}

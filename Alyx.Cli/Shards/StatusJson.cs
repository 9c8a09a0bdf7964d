using System.Text.Json;
using System.Text.Json.Nodes;
using Alyx.Coordination.State;

namespace Alyx.Cli.Shards;

/// <summary>Builds the JSON object of <c>alyx shards status --output json</c>.</summary>
public static class StatusJson
{
    /// <summary>
    /// Returns the object for one cluster; <paramref name="processIds"/> maps task ids of local tasks to their process
    /// ids, and <paramref name="freshness"/> adds <c>stale</c>, <c>statusAgeSeconds</c> and <c>leaderLeaseHeld</c>.
    /// </summary>
    public static JsonObject Build(
        string cluster, ClusterSpec? spec, ClusterStatus? status, IReadOnlyDictionary<string, int>? processIds = null, StatusFreshness? freshness = null)
    {
        var conditions = new JsonArray();
        foreach (var condition in status?.Conditions ?? [])
        {
            conditions.Add(new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status.ToString(),
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
                ["lastTransitionTime"] = condition.LastTransitionTime.ToString("O"),
            });
        }

        var shards = Shards(status?.Shards ?? [], processIds);
        var json = new JsonObject
        {
            ["cluster"] = cluster,
            ["generation"] = spec?.Generation ?? 0,
            ["observedGeneration"] = status?.ObservedGeneration ?? 0,
            ["desiredShards"] = spec?.ShardCount is { } count ? count : status?.ShardCount,
            ["conditions"] = conditions,
            ["shards"] = shards,
            ["activeShardSet"] = status?.ActiveShardSetEpoch,
            ["pendingShardSet"] = status?.PendingShardSet is { } pending ? new JsonObject
            {
                ["epoch"] = pending.Epoch,
                ["shardCount"] = pending.ShardCount,
                ["generation"] = pending.Generation,
                ["startedAt"] = pending.StartedAt.ToString("O"),
                ["readyDeadline"] = pending.ReadyDeadline.ToString("O"),
                ["rolledBack"] = pending.RolledBack,
                ["rollbackReason"] = pending.RollbackReason,
                ["shards"] = Shards(pending.Shards, processIds),
            } : null,
            ["retiringShardSet"] = status?.RetiringShardSet is { } retiring ? new JsonObject
            {
                ["epoch"] = retiring.Epoch,
                ["shardCount"] = retiring.ShardCount,
                ["cutoverAt"] = retiring.CutoverAt.ToString("O"),
                ["stopAt"] = retiring.StopAt.ToString("O"),
            } : null,
        };
        if (freshness is not null)
        {
            json["stale"] = freshness.Stale;
            json["statusAgeSeconds"] = freshness.AgeSeconds is { } age ? Math.Round(age, 1) : null;
            json["leaderLeaseHeld"] = freshness.LeaderHeld;
        }

        return json;
    }

    private static JsonArray Shards(IReadOnlyList<ShardStatus> statuses, IReadOnlyDictionary<string, int>? processIds)
    {
        var shards = new JsonArray();
        foreach (var shard in statuses)
        {
            shards.Add(new JsonObject
            {
                ["id"] = shard.ShardId,
                ["phase"] = shard.Phase.ToString(),
                ["task"] = shard.TaskId,
                ["pid"] = shard.TaskId is { } task && processIds?.GetValueOrDefault(task) is > 0 and var pid ? pid : null,
                ["guilds"] = shard.GuildCount,
                ["latencyMs"] = shard.Latency?.TotalMilliseconds,
                ["restarts"] = shard.RestartCount,
                ["fence"] = shard.FencingToken,
                ["lastHeartbeat"] = shard.LastHeartbeat?.ToString("O"),
                ["lastCloseCode"] = shard.LastCloseCode,
            });
        }

        return shards;
    }

    /// <summary>Serializes with indentation.</summary>
    public static string Write(JsonObject json) => json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

using System.Globalization;
using System.Text;
using Alyx.Coordination.State;

namespace Alyx.Cli.Shards;

/// <summary>Renders a cluster's status as plain text: conditions, then one row per shard.</summary>
public static class StatusTable
{
    /// <summary>
    /// Returns the text; <paramref name="now"/> gives the heartbeat ages, and <paramref name="processIds"/> maps task ids
    /// of local tasks to their process ids.
    /// </summary>
    public static string Render(string cluster, ClusterSpec? spec, ClusterStatus? status, DateTimeOffset now, IReadOnlyDictionary<string, int>? processIds = null)
    {
        var text = new StringBuilder();
        var desired = spec?.ShardCount?.ToString(CultureInfo.InvariantCulture) ?? "auto";
        text.Append(CultureInfo.InvariantCulture, $"cluster {cluster}  generation {spec?.Generation ?? 0}  observed {status?.ObservedGeneration ?? 0}  desired {desired}  running set {status?.ActiveShardSetEpoch ?? 0} with {status?.ShardCount ?? 0} shards\n");
        foreach (var condition in status?.Conditions ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"  {condition.Type,-12} {condition.Status,-7} {condition.Reason}: {condition.Message}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{"ID",4}  {"PHASE",-11} {"TASK",-32} {"PID",6} {"GUILDS",6} {"LATENCY",9} {"RESTARTS",8} {"HEARTBEAT",9}\n");
        foreach (var shard in status?.Shards ?? [])
        {
            var latency = shard.Latency is { } value ? $"{value.TotalMilliseconds:0} ms" : "-";
            var age = shard.LastHeartbeat is { } at ? $"{Math.Max(0, (now - at).TotalSeconds):0.0} s" : "-";
            var pid = shard.TaskId is { } task && processIds?.GetValueOrDefault(task) is > 0 and var id ? id.ToString(CultureInfo.InvariantCulture) : "-";
            text.Append(CultureInfo.InvariantCulture, $"{shard.ShardId,4}  {shard.Phase,-11} {shard.TaskId ?? "-",-32} {pid,6} {shard.GuildCount,6} {latency,9} {shard.RestartCount,8} {age,9}\n");
        }

        if (status?.PendingShardSet is { } pending)
        {
            var state = pending.RolledBack ? $"rolled back: {pending.RollbackReason}" : $"standby until every shard is Ready, deadline {pending.ReadyDeadline:O}";
            text.Append(CultureInfo.InvariantCulture, $"pending set {pending.Epoch} with {pending.ShardCount} shards ({state})\n");
            foreach (var shard in pending.Shards)
            {
                text.Append(CultureInfo.InvariantCulture, $"{shard.ShardId,4}  {shard.Phase,-11} {shard.TaskId ?? "-",-32}\n");
            }
        }

        if (status?.RetiringShardSet is { } retiring)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"retiring set {retiring.Epoch} with {retiring.ShardCount} shards: handles events before {retiring.CutoverAt:O}, stops at {retiring.StopAt:O}\n");
        }

        return text.ToString();
    }
}

using System.Globalization;
using Alyx.Coordination.State;
using Spectre.Console;

namespace Alyx.Cli.Dev;

/// <summary>The table that <c>alyx dev</c> redraws in place while it runs on a terminal.</summary>
public static class LiveStatusTable
{
    /// <summary>Returns the table of <paramref name="status"/>; <paramref name="now"/> gives the heartbeat ages.</summary>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="status">The latest status, or null before the orchestrator wrote one.</param>
    /// <param name="elapsed">Time since the orchestrator started.</param>
    /// <param name="now">The current time.</param>
    public static Table Build(string cluster, ClusterStatus? status, TimeSpan elapsed, DateTimeOffset now)
    {
        var ready = status?.Shards.Count(shard => shard.Phase == ShardPhase.Ready) ?? 0;
        var table = new Table()
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"cluster {cluster}  {elapsed.TotalSeconds:0.0} s  set {status?.ActiveShardSetEpoch ?? 0}  ready {ready}/{status?.ShardCount ?? 0}")))
            .AddColumns("ID", "PHASE", "TASK", "GUILDS", "LATENCY", "RESTARTS", "HEARTBEAT");
        foreach (var shard in status?.Shards ?? [])
        {
            var latency = shard.Latency is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms") : "-";
            var age = shard.LastHeartbeat is { } at ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (now - at).TotalSeconds):0.0} s") : "-";
            var color = shard.Phase switch
            {
                ShardPhase.Ready => "green",
                ShardPhase.CrashLoop or ShardPhase.Failed => "red",
                _ => "yellow",
            };
            var phase = $"[{color}]{shard.Phase}[/]";
            table.AddRow(
                shard.ShardId.ToString(CultureInfo.InvariantCulture),
                phase,
                Markup.Escape(shard.TaskId ?? "-"),
                shard.GuildCount.ToString(CultureInfo.InvariantCulture),
                latency,
                shard.RestartCount.ToString(CultureInfo.InvariantCulture),
                age);
        }

        var conditions = string.Join("  ", (status?.Conditions ?? []).Select(condition => $"{condition.Type} {condition.Status}"));
        return conditions.Length > 0 ? table.Caption(Markup.Escape(conditions)) : table;
    }
}

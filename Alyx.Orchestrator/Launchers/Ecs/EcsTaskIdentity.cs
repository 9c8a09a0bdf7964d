using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Alyx.Aws.Ecs;

namespace Alyx.Orchestrator.Launchers.Ecs;

/// <summary>
/// How a shard task names itself on ECS: tags that map it back to (cluster, set, shard, task id), the startedBy value
/// that ListTasks filters on, and the clientToken that makes a repeated RunTask start no second task.
/// </summary>
public static class EcsTaskIdentity
{
    /// <summary>Tag with the Alyx cluster name.</summary>
    public const string ClusterTag = "alyx:cluster";

    /// <summary>Tag with the shard set epoch.</summary>
    public const string ShardSetTag = "alyx:set";

    /// <summary>Tag with the shard id.</summary>
    public const string ShardTag = "alyx:shard";

    /// <summary>Tag with the launch's task id, which is also the holder id in the shard's lease.</summary>
    public const string TaskIdTag = "alyx:task-id";

    /// <summary>Tag with the shard count of the set.</summary>
    public const string ShardCountTag = "alyx:count";

    /// <summary>ECS keeps at most this many characters of startedBy (RunTask's model allows 128, StartTask 36).</summary>
    public const int MaxStartedByLength = 36;

    /// <summary>
    /// Returns <c>alyx/{cluster}</c>, with characters that startedBy does not allow (outside A-Z, a-z, 0-9, '-', '_'
    /// and '/') replaced by '_' and cut to 36 characters. Two long cluster names can share a value, so
    /// <see cref="TryRead"/> also checks the cluster tag.
    /// </summary>
    public static string StartedBy(string cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        var value = new StringBuilder("alyx/");
        foreach (var character in cluster)
        {
            value.Append(char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '/' ? character : '_');
        }

        return value.Length <= MaxStartedByLength ? value.ToString() : value.ToString(0, MaxStartedByLength);
    }

    /// <summary>
    /// Returns the clientToken of a launch: the SHA-256 of (cluster, set, shard, task id) as 64 lowercase hex digits,
    /// within ECS's limit of 64 ASCII characters. The reconciler's task id ends in the attempt number, so each attempt
    /// gets its own token while every retry of one attempt repeats it. <paramref name="placementRetry"/> is 0 for the
    /// first RunTask of an attempt and counts the retries after placement failures, which started no task.
    /// </summary>
    public static string ClientToken(string cluster, long shardSet, int shardId, string taskId, int placementRetry = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(placementRetry);
        var text = string.Join('\n', "alyx-run-task", cluster, Text(shardSet), Text(shardId), taskId);
        if (placementRetry > 0)
        {
            text += "\n" + Text(placementRetry);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Returns the tags of a launch.</summary>
    public static IReadOnlyList<EcsTag> Tags(ShardLaunchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return
        [
            new(ClusterTag, request.Cluster),
            new(ShardSetTag, Text(request.ShardSet)),
            new(ShardTag, Text(request.ShardId)),
            new(ShardCountTag, Text(request.ShardCount)),
            new(TaskIdTag, request.TaskId),
        ];
    }

    /// <summary>
    /// Reads a described task's shard from its tags. Returns null for a task of another cluster or one without
    /// complete Alyx tags, which the launcher leaves alone.
    /// </summary>
    public static ShardTask? TryRead(EcsTask task, string cluster, DateTimeOffset fallbackStartedAt)
    {
        ArgumentNullException.ThrowIfNull(task);
        string? Tag(string key) => task.Tags.FirstOrDefault(tag => tag.Key == key)?.Value;
        if (Tag(ClusterTag) != cluster
            || Tag(TaskIdTag) is not { Length: > 0 } taskId
            || !long.TryParse(Tag(ShardSetTag), NumberStyles.None, CultureInfo.InvariantCulture, out var shardSet)
            || !int.TryParse(Tag(ShardTag), NumberStyles.None, CultureInfo.InvariantCulture, out var shardId)
            || !int.TryParse(Tag(ShardCountTag), NumberStyles.None, CultureInfo.InvariantCulture, out var shardCount))
        {
            return null;
        }

        return new ShardTask(taskId, shardSet, shardId, shardCount, task.CreatedAt ?? fallbackStartedAt, null);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// SQS queue names of one cluster on the shared bus topic: <c>{prefix}-{cluster}-{set}-{shard}</c> per shard,
/// <c>{prefix}-{cluster}-orchestrator</c>, <c>{prefix}-{cluster}-dlq</c> for dead letters, and
/// <c>{prefix}-{cluster}-{inbox}</c> for other inboxes. Some names need shortening: those over SQS's 80-character
/// limit, and those of a cluster name with a '.' (which SQS rejects). Such a name keeps the prefix and the suffix,
/// cuts the cluster name and adds 8 hex digits of the full name's SHA-256, so distinct clusters keep distinct names.
/// </summary>
public sealed class SqsRouteNames
{
    /// <summary>The maximum length of an SQS queue name.</summary>
    public const int MaxQueueNameLength = 80;

    private const int HashLength = 8;

    /// <summary>Creates the names of one cluster.</summary>
    /// <param name="prefix">The queue name prefix (<c>ALYX_QUEUE_PREFIX</c>): 1 to 40 letters, digits, '-' or '_'.</param>
    /// <param name="cluster">The cluster name: letters, digits, '-', '_' or '.'.</param>
    public SqsRouteNames(string prefix, string cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        Prefix = prefix;
        Cluster = cluster;
    }

    /// <summary>The queue name prefix.</summary>
    public string Prefix { get; }

    /// <summary>The cluster name.</summary>
    public string Cluster { get; }

    /// <summary>The cluster's dead-letter queue, the redrive target of every shard queue.</summary>
    public string DeadLetterQueue => Name("dlq");

    /// <summary>The orchestrator's queue.</summary>
    public string OrchestratorQueue => Name(MessagingInboxes.Orchestrator);

    /// <summary>Returns the queue of one shard of a shard set.</summary>
    public string ShardQueue(long shardSet, int shardId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardSet);
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return Name(string.Create(CultureInfo.InvariantCulture, $"{shardSet}-{shardId}"));
    }

    /// <summary>Returns the queue of a messenger inbox: a shard queue for <c>set{E}-shard{K}</c>, otherwise one named after the inbox.</summary>
    public string InboxQueue(string inbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        return TryParseShardInbox(inbox, out var shardSet, out var shardId) ? ShardQueue(shardSet, shardId) : Name(inbox);
    }

    /// <summary>Parses a shard inbox name such as <c>set2-shard17</c> (see <see cref="MessagingInboxes.Shard"/>).</summary>
    public static bool TryParseShardInbox(string inbox, out long shardSet, out int shardId)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        shardSet = 0;
        shardId = 0;
        const string SetPart = "set";
        const string ShardPart = "-shard";
        var separator = inbox.IndexOf(ShardPart, StringComparison.Ordinal);
        return inbox.StartsWith(SetPart, StringComparison.Ordinal)
            && separator > SetPart.Length
            && long.TryParse(inbox.AsSpan(SetPart.Length, separator - SetPart.Length), NumberStyles.None, CultureInfo.InvariantCulture, out shardSet)
            && int.TryParse(inbox.AsSpan(separator + ShardPart.Length), NumberStyles.None, CultureInfo.InvariantCulture, out shardId);
    }

    private string Name(string suffix)
    {
        var full = $"{Prefix}-{Cluster}-{suffix}";
        if (full.Length <= MaxQueueNameLength && !Cluster.Contains('.', StringComparison.Ordinal))
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..HashLength];
        var room = MaxQueueNameLength - Prefix.Length - suffix.Length - HashLength - 3;
        if (room < 1)
        {
            // Only a very long inbox name gets here, and the hash still keeps names distinct.
            return $"{full.Replace('.', '_')[..(MaxQueueNameLength - HashLength - 1)]}-{hash}";
        }

        var cluster = Cluster.Replace('.', '_');
        return $"{Prefix}-{cluster[..Math.Min(room, cluster.Length)]}-{hash}-{suffix}";
    }
}

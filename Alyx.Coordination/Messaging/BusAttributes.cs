namespace Alyx.Coordination.Messaging;

/// <summary>
/// The SNS message attributes that route a message on the bus topic. Each shard queue's subscription has the filter
/// policy of <see cref="FilterPolicy"/>: a message reaches the queue when its set attribute is the queue's set or
/// <see cref="All"/>, and its shard attribute is the queue's shard or <see cref="All"/>.
/// </summary>
public static class BusAttributes
{
    /// <summary>The attribute naming the shard set epoch.</summary>
    public const string ShardSet = "alyx-set";

    /// <summary>The attribute naming the shard id.</summary>
    public const string Shard = "alyx-shard";

    /// <summary>The value that matches every set or every shard; broadcasts carry it in both attributes.</summary>
    public const string All = "all";

    /// <summary>Returns the filter policy JSON of one shard's subscription, such as <c>{"alyx-set":["2","all"],"alyx-shard":["5","all"]}</c>.</summary>
    public static string FilterPolicy(long shardSet, int shardId) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            [ShardSet] = [shardSet.ToString(System.Globalization.CultureInfo.InvariantCulture), All],
            [Shard] = [shardId.ToString(System.Globalization.CultureInfo.InvariantCulture), All],
        });
}

namespace Alyx.Aws.Sns;

/// <summary>One message of a <see cref="ISnsClient.PublishBatchAsync"/> call.</summary>
/// <param name="Id">Unique in the batch, at most 80 characters of <c>[A-Za-z0-9_-]</c>; results refer to it.</param>
/// <param name="Message">The message body.</param>
public sealed record SnsBatchEntry(string Id, string Message)
{
    /// <summary>An optional subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Attributes that filter policies match, by name.</summary>
    public IReadOnlyDictionary<string, SnsAttributeValue> MessageAttributes { get; init; } = new Dictionary<string, SnsAttributeValue>();

    /// <summary>FIFO topics only: the deduplication id.</summary>
    public string? MessageDeduplicationId { get; init; }

    /// <summary>FIFO topics only: the ordering group.</summary>
    public string? MessageGroupId { get; init; }
}

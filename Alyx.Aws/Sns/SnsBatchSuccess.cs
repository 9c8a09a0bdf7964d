namespace Alyx.Aws.Sns;

/// <summary>An entry of a batch that SNS published.</summary>
/// <param name="Id">The entry's <see cref="SnsBatchEntry.Id"/>.</param>
/// <param name="MessageId">The id SNS assigned.</param>
/// <param name="SequenceNumber">FIFO topics only: the sequence number.</param>
public sealed record SnsBatchSuccess(string Id, string MessageId, string? SequenceNumber);

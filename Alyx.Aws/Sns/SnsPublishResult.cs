namespace Alyx.Aws.Sns;

/// <summary>The outcome of a successful publish.</summary>
/// <param name="MessageId">The id SNS assigned to the message.</param>
/// <param name="SequenceNumber">FIFO topics only: the message's sequence number.</param>
public sealed record SnsPublishResult(string MessageId, string? SequenceNumber);

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The payload store of an SNS/SQS transport without a bucket: messages within the transport limit work, and a
/// larger one fails with an error that names the setting to add.
/// </summary>
public sealed class MissingPayloadStore : IPayloadStore
{
    /// <inheritdoc />
    public Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"A {payload.Length}-byte message exceeds the SNS/SQS limit and no payload bucket is configured; set ALYX_PAYLOAD_BUCKET to an S3 bucket.");

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken) =>
        throw new KeyNotFoundException(
            $"A message refers to stored payload '{key}', but no payload bucket is configured here; set ALYX_PAYLOAD_BUCKET as on the sender.");
}

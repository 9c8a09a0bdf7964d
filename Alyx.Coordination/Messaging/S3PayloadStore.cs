using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A payload store in an S3 bucket, for the SNS+SQS transport: each payload is one object under a key prefix.
/// </summary>
/// <remarks>
/// NOTE: objects are not deleted after use, so give the bucket a lifecycle rule that expires the prefix after a day.
/// </remarks>
public sealed class S3PayloadStore : IPayloadStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _keyPrefix;

    /// <summary>Creates the store.</summary>
    /// <param name="s3">The S3 client.</param>
    /// <param name="bucket">The bucket, which must exist.</param>
    /// <param name="keyPrefix">The start of every object key, such as <c>alyx/prod/payloads/</c>.</param>
    public S3PayloadStore(IAmazonS3 s3, string bucket, string keyPrefix = "alyx/payloads/")
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _s3 = s3;
        _bucket = bucket;
        _keyPrefix = keyPrefix;
    }

    /// <inheritdoc />
    public async Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var key = _keyPrefix + Guid.CreateVersion7().ToString("N");
        using var content = new MemoryStream(payload.ToArray(), writable: false);
        await _s3.PutObjectAsync(
            new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = content, ContentType = "application/json" },
            cancellationToken);
        return key;
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(_bucket, key, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"No payload is stored in bucket '{_bucket}' under key '{key}'.", exception);
        }
    }
}

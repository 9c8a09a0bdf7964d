namespace Alyx.Aws.Http;

/// <summary>A successful (2xx) response.</summary>
internal sealed record AwsResponse(byte[] Body, string? RequestId);

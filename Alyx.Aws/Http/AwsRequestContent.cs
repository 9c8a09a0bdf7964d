namespace Alyx.Aws.Http;

/// <summary>The body and protocol headers of one POST request, before signing.</summary>
/// <param name="Body">The exact bytes sent and hashed into the signature.</param>
/// <param name="ContentType">The Content-Type header value.</param>
/// <param name="Target">The X-Amz-Target header of JSON protocols, or null for Query.</param>
internal sealed record AwsRequestContent(byte[] Body, string ContentType, string? Target);

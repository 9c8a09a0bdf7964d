using System.Net;

namespace Alyx.Aws.Http;

/// <summary>The service throttled the request (a throttling error code or HTTP 429); it is retried with backoff before this surfaces.</summary>
public sealed class AwsThrottlingException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(service, operation, errorCode, errorMessage, statusCode, requestId);

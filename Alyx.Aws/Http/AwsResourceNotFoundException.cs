using System.Net;

namespace Alyx.Aws.Http;

/// <summary>A named resource (cluster, topic, queue, subscription) does not exist.</summary>
public sealed class AwsResourceNotFoundException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(service, operation, errorCode, errorMessage, statusCode, requestId);

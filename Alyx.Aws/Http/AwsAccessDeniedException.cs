using System.Net;

namespace Alyx.Aws.Http;

/// <summary>The credentials are missing, invalid, expired or lack permission for the operation.</summary>
public sealed class AwsAccessDeniedException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(service, operation, errorCode, errorMessage, statusCode, requestId);

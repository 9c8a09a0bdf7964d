using System.Net;

namespace Alyx.Aws.Http;

/// <summary>The request has an invalid or missing parameter; retrying the same request fails the same way.</summary>
public sealed class AwsInvalidParameterException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
    : AwsServiceException(service, operation, errorCode, errorMessage, statusCode, requestId);

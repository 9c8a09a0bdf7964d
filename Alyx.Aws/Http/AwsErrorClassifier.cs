using System.Net;

namespace Alyx.Aws.Http;

/// <summary>Maps an error code and HTTP status to the typed exception and the retry decision.</summary>
internal static class AwsErrorClassifier
{
    // Throttling codes follow botocore's retry handler (retryhandler.py and the standard retry mode's list).
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "Throttled", "RequestThrottledException",
        "RequestThrottled", "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "ClusterNotFoundException", "NotFound", "NotFoundException", "ResourceNotFound", "ResourceNotFoundException",
        "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "ServiceNotFoundException",
    };

    private static readonly HashSet<string> InvalidParameterCodes = new(StringComparer.Ordinal)
    {
        "InvalidParameterException", "InvalidParameter", "InvalidParameterValue", "InvalidParameterValueException",
        "InvalidParameterCombination", "MissingParameter", "MissingRequiredParameter", "ValidationError",
        "ValidationException", "InvalidAction", "SerializationException",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "AuthorizationError", "UnrecognizedClientException",
        "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "ExpiredToken", "ExpiredTokenException",
        "MissingAuthenticationToken", "InvalidSignatureException",
    };

    /// <summary>Returns true for throttling codes, HTTP 429 and HTTP 5xx: the errors worth retrying.</summary>
    public static bool IsRetryable(string errorCode, HttpStatusCode status) =>
        ThrottlingCodes.Contains(errorCode) || (int)status == 429 || (int)status >= 500;

    public static AwsServiceException Create(string service, string operation, string code, string message, HttpStatusCode status, string? requestId)
    {
        if (ThrottlingCodes.Contains(code) || (int)status == 429)
        {
            return new AwsThrottlingException(service, operation, code, message, status, requestId);
        }

        if (NotFoundCodes.Contains(code))
        {
            return new AwsResourceNotFoundException(service, operation, code, message, status, requestId);
        }

        if (InvalidParameterCodes.Contains(code))
        {
            return new AwsInvalidParameterException(service, operation, code, message, status, requestId);
        }

        if (AccessDeniedCodes.Contains(code) || status == HttpStatusCode.Forbidden)
        {
            return new AwsAccessDeniedException(service, operation, code, message, status, requestId);
        }

        return new AwsServiceException(service, operation, code, message, status, requestId);
    }
}

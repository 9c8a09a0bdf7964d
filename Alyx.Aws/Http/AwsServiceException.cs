using System.Net;

namespace Alyx.Aws.Http;

/// <summary>
/// An AWS service rejected a request. Subclasses mark the error families callers act on (throttling, not found,
/// invalid parameter, access denied); <see cref="ErrorCode"/> carries the service's exact code.
/// </summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates the exception from the parsed error response.</summary>
    public AwsServiceException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
        : base($"{service} {operation} failed with {errorCode} (HTTP {(int)statusCode}, request id {requestId ?? "none"}): {errorMessage}")
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The service id, such as <c>ECS</c> or <c>SNS</c>.</summary>
    public string Service { get; }

    /// <summary>The operation name, such as <c>RunTask</c>.</summary>
    public string Operation { get; }

    /// <summary>The error code without namespace, such as <c>ClusterNotFoundException</c> or <c>NotFound</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's error message.</summary>
    public string ErrorMessage { get; }

    /// <summary>The HTTP status of the error response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The request id the service returned, for support cases and log correlation.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// The whole error response body as text, or null when the exception was not built from a response.
    /// <see cref="ErrorMessage"/> is a one-line summary of it; log the body at Debug only, since it can be a long page.
    /// </summary>
    public string? ResponseBody { get; internal set; }
}

namespace Alyx.Abstractions.Messaging;

/// <summary>
/// The target received the request and its handler failed, or it has no handler for the route.
/// </summary>
public sealed class RequestFaultedException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RequestFaultedException(string requestId, string route, string target, string errorType, string errorMessage)
        : base(
            $"Request {requestId} on route '{route}' failed on {target}: {errorType}: {errorMessage}",
            requestId,
            route,
            target)
    {
        ErrorType = errorType;
        ErrorMessage = errorMessage;
    }

    /// <summary>
    /// The name of the remote exception type, or <c>RouteNotFound</c> when the target has no handler for the route.
    /// </summary>
    public string ErrorType { get; }

    /// <summary>The remote error message.</summary>
    public string ErrorMessage { get; }
}

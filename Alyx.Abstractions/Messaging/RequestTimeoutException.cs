namespace Alyx.Abstractions.Messaging;

/// <summary>
/// No reply arrived before the request's deadline. The target may be restarting, overloaded or gone. The request
/// may still run on it later, so handlers of non-idempotent routes should check <see cref="MessageContext.Deadline"/>.
/// </summary>
public sealed class RequestTimeoutException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RequestTimeoutException(string requestId, string route, string target, TimeSpan timeout)
        : base(
            $"Request {requestId} on route '{route}' to {target} timed out after {timeout.TotalMilliseconds:0} ms with no reply. " +
            "Check that the target is running and handles the route, or pass a longer timeout.",
            requestId,
            route,
            target)
    {
        Timeout = timeout;
    }

    /// <summary>How long the requester waited.</summary>
    public TimeSpan Timeout { get; }
}

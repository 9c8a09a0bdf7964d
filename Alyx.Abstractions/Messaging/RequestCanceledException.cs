namespace Alyx.Abstractions.Messaging;

/// <summary>
/// The requester's cancellation token fired before a reply arrived. The request may still run on the target.
/// </summary>
public sealed class RequestCanceledException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RequestCanceledException(string requestId, string route, string target, OperationCanceledException innerException)
        : base($"Request {requestId} on route '{route}' to {target} was canceled by the caller.", requestId, route, target, innerException)
    {
    }
}

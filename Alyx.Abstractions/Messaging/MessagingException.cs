namespace Alyx.Abstractions.Messaging;

/// <summary>
/// A cross-shard request did not produce a reply value. The subtypes tell a timeout, a remote fault and a
/// cancellation apart; each carries the request's correlation ID, route and target.
/// </summary>
public abstract class MessagingException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MessagingException(string message, string requestId, string route, string target, Exception? innerException = null)
        : base(message, innerException)
    {
        RequestId = requestId;
        Route = route;
        Target = target;
    }

    /// <summary>The correlation ID of the request.</summary>
    public string RequestId { get; }

    /// <summary>The route name of the request.</summary>
    public string Route { get; }

    /// <summary>The receiver, such as <c>shard 3</c> or <c>orchestrator</c>.</summary>
    public string Target { get; }
}

namespace Alyx.Coordination.Routes;

/// <summary>The kinds of route a provisioner manages.</summary>
public enum RouteKind
{
    /// <summary>A queue (an SQS queue, or a transport inbox).</summary>
    Queue,

    /// <summary>A topic subscription that delivers to a queue.</summary>
    Subscription,
}

namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// A launcher could not start a task for a shard after its own retries. The reconciler records it as a failure of the
/// shard and relaunches under a new attempt after the shard's backoff.
/// </summary>
public sealed class ShardLaunchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="request">The launch that failed.</param>
    /// <param name="reason">A CamelCase reason for the operator event, such as <c>CapacityUnavailable</c>.</param>
    /// <param name="message">What failed and what to do next.</param>
    /// <param name="innerException">The last error of the backend, or null.</param>
    /// <param name="needsOperator">True when the backend rejected the request itself (a missing task definition,
    /// denied access), so another attempt fails the same way until the operator changes the settings.</param>
    public ShardLaunchException(ShardLaunchRequest request, string reason, string message, Exception? innerException = null, bool needsOperator = false)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        Reason = reason;
        NeedsOperator = needsOperator;
    }

    /// <summary>The launch that failed.</summary>
    public ShardLaunchRequest Request { get; }

    /// <summary>A CamelCase reason, such as <c>CapacityUnavailable</c>, <c>Throttled</c> or <c>Rejected</c>.</summary>
    public string Reason { get; }

    /// <summary>True when relaunching cannot help until the operator fixes the launcher's settings.</summary>
    public bool NeedsOperator { get; }
}

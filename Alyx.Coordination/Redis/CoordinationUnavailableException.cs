namespace Alyx.Coordination.Redis;

/// <summary>
/// The coordination store (Redis) could not be reached or did not reply in time, so the outcome of
/// <see cref="Operation"/> is unknown. Callers treat this as transient: a lease holder keeps its local deadline and
/// stops work when the deadline passes, and periodic loops retry with backoff.
/// </summary>
public sealed class CoordinationUnavailableException : Exception
{
    /// <summary>Creates the exception for a failed operation.</summary>
    /// <param name="operation">The coordination operation that failed, such as <c>lease renew</c>.</param>
    /// <param name="innerException">The client error that caused it.</param>
    public CoordinationUnavailableException(string operation, Exception innerException)
        : base($"Coordination store unavailable during {operation}: {innerException.Message} "
            + "Check that Redis is running and reachable, and that the timeouts in the Redis options fit the network.",
            innerException)
    {
        Operation = operation;
    }

    /// <summary>The coordination operation that failed.</summary>
    public string Operation { get; }
}

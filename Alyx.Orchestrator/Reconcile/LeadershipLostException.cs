namespace Alyx.Orchestrator.Reconcile;

/// <summary>A status write was rejected because another orchestrator holds a newer leader lease.</summary>
public sealed class LeadershipLostException(long fencingToken)
    : Exception($"The status write with leader fencing token {fencingToken} was rejected: another orchestrator leads this cluster now.")
{
    /// <summary>The fencing token of the lease this orchestrator held.</summary>
    public long FencingToken { get; } = fencingToken;
}

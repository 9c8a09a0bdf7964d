namespace Alyx.Coordination.State;

/// <summary>A notification that the spec or the status was written.</summary>
/// <param name="Kind">Which document changed.</param>
/// <param name="Generation">The new spec generation, or the status's observed generation.</param>
public sealed record ClusterStateChange(ClusterStateChangeKind Kind, long Generation);

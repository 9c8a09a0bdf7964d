namespace Alyx.Cli.Shards;

/// <summary>The parsed options of <c>alyx shards scale</c>.</summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="Redis">The Redis address, or null when none was given.</param>
/// <param name="Count">The --count text, validated by the handler; null when absent.</param>
/// <param name="Auto">Whether --auto was given.</param>
/// <param name="Strategy">The --strategy value.</param>
/// <param name="Wait">Whether to wait until the cluster converged.</param>
/// <param name="Timeout">How long --wait waits; null when --timeout was not given, which means <see cref="ShardsScaleHandler.DefaultTimeout"/>.</param>
/// <param name="Create">Whether a cluster with no spec and no status may be created; without it such a cluster is rejected as a likely typo.</param>
public sealed record ScaleRequest(string Cluster, string? Redis, string? Count, bool Auto, string Strategy, bool Wait, TimeSpan? Timeout, bool Create = false);

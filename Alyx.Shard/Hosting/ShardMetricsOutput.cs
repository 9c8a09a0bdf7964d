namespace Alyx.Shard.Hosting;

/// <summary>Where metric lines go: standard output in production, where logs do not go (they use standard error).</summary>
/// <param name="Writer">The writer of metric lines.</param>
public sealed record ShardMetricsOutput(TextWriter Writer);

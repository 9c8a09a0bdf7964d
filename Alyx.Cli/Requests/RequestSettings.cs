namespace Alyx.Cli.Requests;

/// <summary>The parsed options of <c>alyx request</c>.</summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="Redis">The Redis address, or null when none was given.</param>
/// <param name="Route">The messenger route name.</param>
/// <param name="Shard">The target shard, or null.</param>
/// <param name="Guild">The target guild id text, or null.</param>
/// <param name="All">Whether to ask every shard.</param>
/// <param name="Data">The request payload as JSON.</param>
/// <param name="Timeout">How long to wait for replies.</param>
/// <param name="Json">Print one JSON object instead of text.</param>
public sealed record RequestSettings(
    string Cluster, string? Redis, string Route, int? Shard, string? Guild, bool All, string Data, TimeSpan Timeout, bool Json);

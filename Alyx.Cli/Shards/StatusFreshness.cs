using System.Globalization;
using Alyx.Coordination.State;

namespace Alyx.Cli.Shards;

/// <summary>
/// Whether a cluster's status can be trusted: an orchestrator must hold the leader lease and have written the status
/// within the staleness bound. A status that fails either test still shows the last phases (Ready, Available ...),
/// but no orchestrator acts on the cluster or updates them.
/// </summary>
/// <param name="Stale">True when no orchestrator holds the leader lease, or the status is older than the bound.</param>
/// <param name="AgeSeconds">Seconds since the orchestrator wrote the status; null when it never wrote one.</param>
/// <param name="LeaderHeld">True when some orchestrator holds the cluster's leader lease.</param>
/// <param name="StaleAfter">The staleness bound.</param>
public sealed record StatusFreshness(bool Stale, double? AgeSeconds, bool LeaderHeld, TimeSpan StaleAfter)
{
    /// <summary>
    /// The default bound: 30 s, three times the orchestrator's default resync interval (10 s). A leading orchestrator
    /// writes the status on every pass, so a healthy one never leaves it older than one interval plus a pass.
    /// </summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>Judges <paramref name="status"/> as read at <paramref name="now"/>.</summary>
    public static StatusFreshness Of(ClusterStatus? status, bool leaderHeld, DateTimeOffset now, TimeSpan staleAfter)
    {
        double? age = status is null ? null : Math.Max(0, (now - status.UpdatedAt).TotalSeconds);
        var stale = !leaderHeld || age is null || age > staleAfter.TotalSeconds;
        return new StatusFreshness(stale, age, leaderHeld, staleAfter);
    }

    /// <summary>Returns the warning line for a stale status, or null for a fresh one.</summary>
    public string? Warning(string cluster)
    {
        if (!Stale)
        {
            return null;
        }

        var age = AgeSeconds is { } seconds
            ? string.Create(CultureInfo.InvariantCulture, $"status is {seconds:0} s old")
            : "no status was written yet";
        return LeaderHeld
            ? string.Create(CultureInfo.InvariantCulture,
                $"warning: {age}; the orchestrator holding the leader lease of cluster {cluster} has not written it for over {StaleAfter.TotalSeconds:0} s. Check its log.")
            : $"warning: {age}; no orchestrator is acting on cluster {cluster} (nobody holds its leader lease). Start one with `alyx orchestrator run`.";
    }
}

using Alyx.Coordination.State;

namespace Alyx.Cli.Dev;

/// <summary>How an <c>alyx dev</c> run ended.</summary>
/// <param name="Status">The last status the orchestrator wrote, or null when it wrote none.</param>
/// <param name="BootSeconds">Seconds from the orchestrator's start until every shard was Ready, or null when that never happened.</param>
/// <param name="Interrupted">True when Ctrl+C (or SIGTERM) ended the run, false when --duration did.</param>
/// <param name="Restarts">Relaunches over the whole run, summed over every shard set that ran, not only the last one.</param>
public sealed record DevRunReport(ClusterStatus? Status, double? BootSeconds, bool Interrupted, int Restarts);

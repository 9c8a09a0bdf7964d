using Alyx.Abstractions.Sharding;

namespace Alyx.Coordination.Identify;

/// <summary>
/// The identify gate shared by every shard of a cluster, with the session start budget the orchestrator feeds it.
/// Grants in one bucket are spaced by <see cref="IdentifyGateOptions.Window"/>, buckets run in parallel, waiters
/// of one bucket are served first come first served, and every grant takes one session start from the budget.
/// </summary>
public interface IClusterIdentifyGate : IIdentifyGate
{
    /// <summary>
    /// Stores the budget read from Discord. Until it is set, <see cref="IIdentifyGate.WaitForTurnAsync"/> throws,
    /// because identifying without knowing the budget risks a token reset. The first budget of a gate (or the first
    /// after Redis lost its data) holds every bucket for one window, because earlier grants are unknown.
    /// </summary>
    /// <exception cref="ArgumentException">The budget is invalid.</exception>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task SetBudgetAsync(SessionStartBudget budget, CancellationToken cancellationToken);

    /// <summary>Reads the budget as it is now, counted down by every grant; null when it was never set.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<SessionStartBudget?> GetBudgetAsync(CancellationToken cancellationToken);
}

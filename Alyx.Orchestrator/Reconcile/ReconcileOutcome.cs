namespace Alyx.Orchestrator.Reconcile;

/// <summary>The next step a reconcile pass requests from the loop.</summary>
public enum ReconcileOutcome
{
    /// <summary>Observed state matches the spec; wait for a notification or the resync timer.</summary>
    Done,

    /// <summary>Work is under way; pass again after the given delay or on a notification.</summary>
    RequeueAfter,

    /// <summary>The pass failed; pass again after a capped exponential backoff with jitter.</summary>
    Backoff,

    /// <summary>Stop reconciling, for example because this orchestrator lost its leader lease.</summary>
    Terminal,
}

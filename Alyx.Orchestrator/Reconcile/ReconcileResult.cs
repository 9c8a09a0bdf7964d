namespace Alyx.Orchestrator.Reconcile;

/// <summary>The explicit result of one reconcile pass.</summary>
/// <param name="Outcome">What the loop does next.</param>
/// <param name="Delay">The delay for <see cref="ReconcileOutcome.RequeueAfter"/>; zero otherwise.</param>
/// <param name="Message">Why, for the log.</param>
public sealed record ReconcileResult(ReconcileOutcome Outcome, TimeSpan Delay, string Message)
{
    /// <summary>Creates a <see cref="ReconcileOutcome.Done"/> result.</summary>
    public static ReconcileResult Done(string message) => new(ReconcileOutcome.Done, TimeSpan.Zero, message);

    /// <summary>Creates a <see cref="ReconcileOutcome.RequeueAfter"/> result.</summary>
    public static ReconcileResult Requeue(TimeSpan delay, string message) => new(ReconcileOutcome.RequeueAfter, delay, message);

    /// <summary>Creates a <see cref="ReconcileOutcome.Backoff"/> result.</summary>
    public static ReconcileResult Retry(string message) => new(ReconcileOutcome.Backoff, TimeSpan.Zero, message);

    /// <summary>Creates a <see cref="ReconcileOutcome.Terminal"/> result.</summary>
    public static ReconcileResult Stop(string message) => new(ReconcileOutcome.Terminal, TimeSpan.Zero, message);
}

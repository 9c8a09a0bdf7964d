namespace Alyx.Testing.Emulator;

/// <summary>What the emulator observed, as <c>GET /_emulator/stats</c> returns it.</summary>
/// <param name="Identifies">Every IDENTIFY, accepted or rejected.</param>
/// <param name="Sessions">Every live period of every session.</param>
/// <param name="DuplicateSessionOverlaps">Moments when two sessions of one shard were live at once.</param>
/// <param name="IdentifyViolations">IDENTIFYs that came too early for their rate-limit bucket and got INVALID_SESSION.</param>
/// <param name="Resumes">Successful RESUMEs.</param>
/// <param name="ReplayedEvents">Events sent again during resumes.</param>
/// <param name="SessionStartRemaining">Session starts left in the emulated budget.</param>
/// <param name="RestRequests">REST requests received.</param>
/// <param name="RateLimitedResponses">429 responses sent.</param>
public sealed record EmulatorStats(
    IReadOnlyList<IdentifyAttempt> Identifies,
    IReadOnlyList<SessionPeriod> Sessions,
    DuplicateSessionOverlaps DuplicateSessionOverlaps,
    int IdentifyViolations,
    int Resumes,
    int ReplayedEvents,
    int SessionStartRemaining,
    int RestRequests,
    int RateLimitedResponses);

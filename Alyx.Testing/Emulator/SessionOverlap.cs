namespace Alyx.Testing.Emulator;

/// <summary>Two sessions of the same shard live at the same moment, which Discord allows but an orchestrator should avoid.</summary>
/// <param name="Shard">The shard id.</param>
/// <param name="LiveSessionId">The session that was live already.</param>
/// <param name="NewSessionId">The session that became live while the other was.</param>
/// <param name="At">When the second session became live.</param>
public sealed record SessionOverlap(int Shard, string LiveSessionId, string NewSessionId, DateTimeOffset At);

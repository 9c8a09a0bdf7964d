namespace Alyx.Testing.Emulator;

/// <summary>One IDENTIFY the emulator received.</summary>
/// <param name="Shard">The shard id sent.</param>
/// <param name="Count">The shard count sent.</param>
/// <param name="Time">When it arrived.</param>
/// <param name="Accepted">Whether a session started.</param>
/// <param name="Reason">Why it was rejected, or null when accepted.</param>
public sealed record IdentifyAttempt(int Shard, int Count, DateTimeOffset Time, bool Accepted, string? Reason);

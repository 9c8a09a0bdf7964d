namespace Alyx.Testing.Emulator;

/// <summary>The overlaps seen so far.</summary>
/// <param name="Count">How many overlaps happened.</param>
/// <param name="List">Each overlap, in order.</param>
public sealed record DuplicateSessionOverlaps(int Count, IReadOnlyList<SessionOverlap> List);

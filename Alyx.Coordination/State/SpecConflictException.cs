namespace Alyx.Coordination.State;

/// <summary>A spec write expected a generation that is no longer current: someone else changed the spec first.</summary>
public sealed class SpecConflictException(long expectedGeneration, long currentGeneration)
    : Exception($"The cluster spec changed: expected generation {expectedGeneration}, found {currentGeneration}. "
        + "Read the spec again, reapply the change and retry.")
{
    /// <summary>The generation the writer based its change on.</summary>
    public long ExpectedGeneration { get; } = expectedGeneration;

    /// <summary>The generation in the store.</summary>
    public long CurrentGeneration { get; } = currentGeneration;
}

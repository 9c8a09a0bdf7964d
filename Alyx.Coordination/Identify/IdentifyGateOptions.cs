namespace Alyx.Coordination.Identify;

/// <summary>Settings of the identify gate.</summary>
public sealed class IdentifyGateOptions
{
    /// <summary>
    /// Minimum time between two grants in one bucket. Default 5 s, Discord's identify rate limit per bucket; an
    /// emulated gateway may use less. Grants are spaced on the store's clock, so network jitter between a grant and
    /// the IDENTIFY reaching Discord is not covered: raise the window slightly if Discord rejects identifies.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Session starts the gate keeps back: it grants nothing while the remaining budget is at or below this number,
    /// so an operator can still start a shard by hand. Default 10.
    /// </summary>
    public int Reserve { get; set; } = 10;

    /// <summary>Returns one message per invalid property; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Window < TimeSpan.FromMilliseconds(1))
        {
            failures.Add($"Identify:Window {Window} is invalid: use at least 1 ms (Discord needs 5 s).");
        }

        if (Reserve < 0)
        {
            failures.Add($"Identify:Reserve {Reserve} is invalid: use 0 or more.");
        }

        return failures;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">Lists every invalid property.</exception>
    public void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }
}

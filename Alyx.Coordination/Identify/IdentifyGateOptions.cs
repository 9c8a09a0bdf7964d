namespace Alyx.Coordination.Identify;

/// <summary>Settings of the identify gate.</summary>
public sealed class IdentifyGateOptions
{
    /// <summary>
    /// Discord's identify rate limit per bucket: one IDENTIFY per window. Default 5 s; an emulated gateway may use
    /// less. Slots of one bucket are <see cref="Window"/> plus <see cref="Margin"/> apart on the store's clock.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time added to <see cref="Window"/> between two slots of one bucket. Half of it bounds how late after its slot
    /// start a waiter may still send IDENTIFY: that is the grant's send deadline, and a waiter that wakes later
    /// reserves a new slot. The other half covers the jitter of the IDENTIFY's way to Discord. So two IDENTIFYs of
    /// one bucket leave at least one window plus half the margin apart. Default 100 ms.
    /// </summary>
    /// <remarks>
    /// The send deadline is measured from the moment the reservation request left, because the store's clock is
    /// known only to within one round trip. A waiter past it reads the store's clock once more. When round trips to
    /// the store take longer than half the margin, reservations miss their deadlines and each miss delays its bucket
    /// by one slot, so keep the margin well above the store's round trip.
    /// </remarks>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether the first budget set on a gate delays every bucket until one slot spacing after the earliest moment a
    /// grant unknown to this gate could have been used. That moment is the Redis server's start, or this process's
    /// start for the in-memory gate. Turn it off only when the gate has seen every IDENTIFY the gateway ever received, such as
    /// against an emulator this process started. Default true.
    /// </summary>
    public bool HoldFirstBudget { get; set; } = true;

    /// <summary>How late after its slot start a waiter may still send IDENTIFY: half of <see cref="Margin"/>.</summary>
    public TimeSpan SendTolerance => Margin / 2;

    /// <summary>Time between two slots of one bucket: <see cref="Window"/> plus <see cref="Margin"/>.</summary>
    public TimeSpan SlotSpacing => Window + Margin;

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

        if (Margin < TimeSpan.FromMilliseconds(2))
        {
            failures.Add($"Identify:Margin {Margin} is invalid: use at least 2 ms (100 ms against Discord), so a waiter has time to send.");
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

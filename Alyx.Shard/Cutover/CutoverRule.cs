using Alyx.Coordination.State;

namespace Alyx.Shard.Cutover;

/// <summary>
/// The rule that decides which shard set handles an event, from the active shard set record and the event's position
/// (Unix milliseconds). The previous set handles events before the cutover instant and the active set the rest. A set
/// that has not been switched to drops what lies inside the notice window after the last read, because the store
/// places any later cutover at least that far ahead, and it keeps the rest for a later read.
/// </summary>
public static class CutoverRule
{
    /// <summary>Decides the fate of an event at <paramref name="position"/> on a host of set <paramref name="shardSet"/>.</summary>
    /// <param name="reading">The last read of the active shard set record, or null before the first read succeeded.</param>
    /// <param name="shardSet">The epoch of the host's shard set.</param>
    /// <param name="position">The event's position on the store's clock.</param>
    public static CutoverDecision Decide(ActiveShardSetReading? reading, long shardSet, DateTimeOffset position)
    {
        if (reading is null)
        {
            return CutoverDecision.Hold;
        }

        if (reading.Set is not { } active)
        {
            // No orchestrator manages shard sets (a host started by hand): nothing can take the events over.
            return CutoverDecision.Handle;
        }

        var horizon = reading.ReadAt + active.CutoverNotice;
        if (shardSet == active.Epoch)
        {
            if (position < active.ActiveFrom)
            {
                return CutoverDecision.Drop;
            }

            return position < horizon ? CutoverDecision.Handle : CutoverDecision.Hold;
        }

        if (shardSet == active.PreviousEpoch)
        {
            return position < active.ActiveFrom ? CutoverDecision.Handle : CutoverDecision.Drop;
        }

        if (shardSet > active.Epoch)
        {
            // Standby: a switch to this set cuts over at the horizon or later, so earlier events are not this set's.
            return position < horizon ? CutoverDecision.Drop : CutoverDecision.Hold;
        }

        return CutoverDecision.Drop;
    }
}

namespace Alyx.Coordination.Identify;

/// <summary>A reserved identify slot: the waiter sleeps <see cref="Delay"/> and then identifies.</summary>
/// <param name="Bucket">The rate-limit bucket.</param>
/// <param name="SlotTime">When the slot starts, on the store's clock.</param>
/// <param name="Delay">Time from the reservation until the slot, on the store's clock.</param>
/// <param name="BudgetVersion">Which <c>SetBudget</c> call the session start was taken from, for refunds.</param>
internal sealed record IdentifySlot(int Bucket, DateTimeOffset SlotTime, TimeSpan Delay, long BudgetVersion);

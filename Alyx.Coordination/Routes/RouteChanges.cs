using System.Text;

namespace Alyx.Coordination.Routes;

/// <summary>What one provisioning call changed; all zero when the routes were already as requested.</summary>
/// <param name="QueuesCreated">Queues (or inboxes) created.</param>
/// <param name="QueuesUpdated">Existing queues whose attributes were repaired.</param>
/// <param name="QueuesDeleted">Queues (or inboxes) deleted.</param>
/// <param name="SubscriptionsCreated">Topic subscriptions created.</param>
/// <param name="SubscriptionsDeleted">Topic subscriptions deleted.</param>
/// <param name="SubscriptionsUpdated">Existing subscriptions whose attributes (such as the filter policy) were repaired.</param>
/// <remarks>Equality compares the counts only, so a test can compare a result with <c>new RouteChanges(QueuesCreated: 2)</c>.</remarks>
public sealed record RouteChanges(
    int QueuesCreated = 0,
    int QueuesUpdated = 0,
    int QueuesDeleted = 0,
    int SubscriptionsCreated = 0,
    int SubscriptionsDeleted = 0,
    int SubscriptionsUpdated = 0)
{
    /// <summary>No change.</summary>
    public static RouteChanges None { get; } = new();

    /// <summary>
    /// The queues and subscriptions that <see cref="IRouteProvisioner.EnsureShardSetAsync"/> created or repaired, one
    /// entry each, ordered by shard; empty for calls that removed routes.
    /// </summary>
    public IReadOnlyList<RouteRepair> Repairs { get; init; } = [];

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Equals(None);

    /// <inheritdoc />
    public bool Equals(RouteChanges? other) =>
        other is not null
        && QueuesCreated == other.QueuesCreated
        && QueuesUpdated == other.QueuesUpdated
        && QueuesDeleted == other.QueuesDeleted
        && SubscriptionsCreated == other.SubscriptionsCreated
        && SubscriptionsDeleted == other.SubscriptionsDeleted
        && SubscriptionsUpdated == other.SubscriptionsUpdated;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(QueuesCreated, QueuesUpdated, QueuesDeleted, SubscriptionsCreated, SubscriptionsDeleted, SubscriptionsUpdated);

    // Logs show the counts; the repairs are logged one by one where they matter.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"QueuesCreated = {QueuesCreated}, QueuesUpdated = {QueuesUpdated}, QueuesDeleted = {QueuesDeleted}, ")
            .Append($"SubscriptionsCreated = {SubscriptionsCreated}, SubscriptionsDeleted = {SubscriptionsDeleted}, SubscriptionsUpdated = {SubscriptionsUpdated}");
        return true;
    }
}

namespace Alyx.Coordination.Routes;

/// <summary>What one provisioning call changed; all zero when the routes were already as requested.</summary>
/// <param name="QueuesCreated">Queues (or inboxes) created.</param>
/// <param name="QueuesUpdated">Existing queues whose attributes were repaired.</param>
/// <param name="QueuesDeleted">Queues (or inboxes) deleted.</param>
/// <param name="SubscriptionsCreated">Topic subscriptions created.</param>
/// <param name="SubscriptionsDeleted">Topic subscriptions deleted.</param>
public sealed record RouteChanges(
    int QueuesCreated = 0,
    int QueuesUpdated = 0,
    int QueuesDeleted = 0,
    int SubscriptionsCreated = 0,
    int SubscriptionsDeleted = 0)
{
    /// <summary>No change.</summary>
    public static RouteChanges None { get; } = new();

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => this == None;
}

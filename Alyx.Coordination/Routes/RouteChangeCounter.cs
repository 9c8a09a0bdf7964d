using System.Collections.Concurrent;

namespace Alyx.Coordination.Routes;

/// <summary>Counts the route changes of parallel workers and lists what an ensure call created or repaired.</summary>
internal sealed class RouteChangeCounter
{
    private readonly ConcurrentBag<RouteRepair> _repairs = [];
    private int _queuesCreated;
    private int _queuesUpdated;
    private int _queuesDeleted;
    private int _subscriptionsCreated;
    private int _subscriptionsDeleted;
    private int _subscriptionsUpdated;

    public void QueueCreated(RouteRepair repair)
    {
        Interlocked.Increment(ref _queuesCreated);
        _repairs.Add(repair);
    }

    public void QueueUpdated(RouteRepair repair)
    {
        Interlocked.Increment(ref _queuesUpdated);
        _repairs.Add(repair);
    }

    public void QueueDeleted() => Interlocked.Increment(ref _queuesDeleted);

    public void SubscriptionCreated(RouteRepair repair)
    {
        Interlocked.Increment(ref _subscriptionsCreated);
        _repairs.Add(repair);
    }

    public void SubscriptionUpdated(RouteRepair repair)
    {
        Interlocked.Increment(ref _subscriptionsUpdated);
        _repairs.Add(repair);
    }

    public void SubscriptionDeleted() => Interlocked.Increment(ref _subscriptionsDeleted);

    public RouteChanges ToChanges() =>
        new(_queuesCreated, _queuesUpdated, _queuesDeleted, _subscriptionsCreated, _subscriptionsDeleted, _subscriptionsUpdated)
        {
            Repairs = [.. _repairs.OrderBy(repair => repair.ShardId ?? -1).ThenBy(repair => repair.Kind)],
        };
}

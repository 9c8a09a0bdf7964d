namespace Alyx.Coordination.Leases;

/// <summary>A lease as the store sees it.</summary>
/// <param name="Name">The lease name.</param>
/// <param name="HolderId">The holder, such as a task id.</param>
/// <param name="FencingToken">The token the holder got when it acquired the lease.</param>
/// <param name="TimeToLive">Time left until the lease expires unless renewed, by the store's clock.</param>
public sealed record LeaseRecord(string Name, string HolderId, long FencingToken, TimeSpan TimeToLive);

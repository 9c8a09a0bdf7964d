using Alyx.Coordination.Events;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;

namespace Alyx.Coordination.Hosting;

/// <summary>The settings of every coordination service, registered together by <see cref="CoordinationServiceCollectionExtensions"/>.</summary>
public sealed class CoordinationSettings
{
    /// <summary>Lease timing. Default: <see cref="LeaseOptions"/> defaults (15 s time to live).</summary>
    public LeaseOptions Leases { get; set; } = new();

    /// <summary>Identify gate window and reserve. Default: 5 s window, reserve of 10.</summary>
    public IdentifyGateOptions Identify { get; set; } = new();

    /// <summary>Event log length and follow interval. Default: 10,000 events, 2 s.</summary>
    public EventLogOptions Events { get; set; } = new();
}

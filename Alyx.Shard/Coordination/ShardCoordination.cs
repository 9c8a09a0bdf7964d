using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.State;
using Alyx.Shard.Sessions;

namespace Alyx.Shard.Coordination;

/// <summary>
/// The coordination services one shard host run uses: its lease, the cluster's identify gate, heartbeats, events,
/// session handover and messaging. Disposing releases what the run owns (a Redis connection); shared in-memory
/// services stay alive for the next host.
/// </summary>
public sealed class ShardCoordination(
    ILeaseStore leases,
    IClusterIdentifyGate identifyGate,
    IHeartbeatStore heartbeats,
    IEventLog events,
    IGatewaySessionStore sessions,
    IMessageTransport transport,
    IPayloadStore payloads,
    IAsyncDisposable? owned,
    IClusterStateStore? state = null) : IAsyncDisposable
{
    /// <summary>The lease store the shard's lease lives in.</summary>
    public ILeaseStore Leases { get; } = leases;

    /// <summary>The cluster's identify gate.</summary>
    public IClusterIdentifyGate IdentifyGate { get; } = identifyGate;

    /// <summary>Where the host reports its status.</summary>
    public IHeartbeatStore Heartbeats { get; } = heartbeats;

    /// <summary>The cluster's operator event log.</summary>
    public IEventLog Events { get; } = events;

    /// <summary>The session handover between a host and its successor.</summary>
    public IGatewaySessionStore Sessions { get; } = sessions;

    /// <summary>The messaging transport.</summary>
    public IMessageTransport Transport { get; } = transport;

    /// <summary>Where large message payloads go.</summary>
    public IPayloadStore Payloads { get; } = payloads;

    /// <summary>The cluster's state: the active shard set, which event handling and the messenger's routes follow; null runs the host as the only handler of its events and routes by the assignment alone.</summary>
    public IClusterStateStore? State { get; } = state;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}

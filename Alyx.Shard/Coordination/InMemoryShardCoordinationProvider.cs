using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.State;
using Alyx.Shard.Hosting;
using Alyx.Shard.Sessions;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Coordination;

/// <summary>
/// In-memory coordination for one process (the embedded default of <c>alyx dev</c>): every host of the process and
/// the orchestrator share these stores, so no Redis is needed. Shards in other processes cannot see them.
/// </summary>
public sealed class InMemoryShardCoordinationProvider : IShardCoordinationProvider
{
    /// <summary>Creates the shared stores with the identify gate's default margin.</summary>
    /// <param name="identifyWindow">The identify gate's window: Discord's 5 s, or shorter against the emulator.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public InMemoryShardCoordinationProvider(TimeSpan identifyWindow, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : this(new IdentifyGateOptions { Window = identifyWindow }, timeProvider, loggerFactory)
    {
    }

    /// <summary>Creates the shared stores.</summary>
    /// <param name="identifyGate">The identify gate's settings: Discord's 5 s window, or shorter against the emulator.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public InMemoryShardCoordinationProvider(IdentifyGateOptions identifyGate, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Leases = new InMemoryLeaseStore(timeProvider);
        IdentifyGate = new InMemoryIdentifyGate(identifyGate, timeProvider, loggerFactory.CreateLogger<InMemoryIdentifyGate>());
        Heartbeats = new InMemoryHeartbeatStore(timeProvider);
        Events = new InMemoryEventLog(new EventLogOptions(), timeProvider);
        State = new InMemoryClusterStateStore(timeProvider);
        Sessions = new InMemoryGatewaySessionStore(timeProvider);
    }

    /// <summary>The shared lease store.</summary>
    public ILeaseStore Leases { get; }

    /// <summary>The shared identify gate.</summary>
    public IClusterIdentifyGate IdentifyGate { get; }

    /// <summary>The shared heartbeat store.</summary>
    public IHeartbeatStore Heartbeats { get; }

    /// <summary>The shared operator event log.</summary>
    public IEventLog Events { get; }

    /// <summary>The cluster's spec and status, for the orchestrator and the CLI.</summary>
    public IClusterStateStore State { get; }

    /// <summary>The shared session handover.</summary>
    public IGatewaySessionStore Sessions { get; }

    /// <summary>The shared messaging transport.</summary>
    public InMemoryMessageTransport Transport { get; } = new();

    /// <summary>The shared payload store.</summary>
    public InMemoryPayloadStore Payloads { get; } = new();

    /// <inheritdoc />
    public Task<ShardCoordination> ConnectAsync(ShardAssignment assignment, ShardHostOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(new ShardCoordination(Leases, IdentifyGate, Heartbeats, Events, Sessions, Transport, Payloads, null, State));
}

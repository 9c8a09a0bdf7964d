using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Leadership;

/// <summary>
/// Runs the orchestrator active/standby: it campaigns for the cluster's leader lease and reconciles only while it
/// holds it. Each term starts with fresh reconcile memory, so a standby that takes over rebuilds it from status.
/// </summary>
public sealed class OrchestratorRunner(
    OrchestratorOptions options,
    IClusterStateStore state,
    IShardLauncher launcher,
    IHeartbeatStore heartbeats,
    GatewayBotCache gateway,
    IEventLog events,
    LeaseManager leases,
    string candidateId,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    RestartRequests? restartRequests = null,
    IMessageTransport? retiredInboxes = null)
{
    private volatile bool _isLeader;

    /// <summary>Raised after every reconcile pass this orchestrator runs as leader.</summary>
    public event EventHandler<ReconcileResult>? PassCompleted;

    /// <summary>True while this orchestrator holds the leader lease and reconciles.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Campaigns and reconciles until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var elector = new LeaderElector(leases, candidateId, timeProvider, loggerFactory.CreateLogger<LeaderElector>());
        return elector.RunAsync(LeadAsync, cancellationToken);
    }

    private async Task LeadAsync(LeaseHandle lease, CancellationToken term)
    {
        var logger = loggerFactory.CreateLogger<ShardReconciler>();
        var reconciler = new ShardReconciler(options, state, launcher, heartbeats, gateway, events, timeProvider, logger, restartRequests, retiredInboxes);
        var loop = new ReconcileLoop(reconciler, state, launcher, options, timeProvider, loggerFactory.CreateLogger<ReconcileLoop>());
        loop.PassCompleted += (sender, result) => PassCompleted?.Invoke(this, result);
        _isLeader = true;
        try
        {
            await loop.RunAsync(lease.FencingToken, term);
        }
        finally
        {
            _isLeader = false;
        }
    }
}

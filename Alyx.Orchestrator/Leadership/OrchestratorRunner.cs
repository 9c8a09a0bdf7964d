using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Alarms;
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
    RestartRequests? restartRequests = null)
{
    private volatile bool _isLeader;

    /// <summary>Raised after every reconcile pass this orchestrator runs as leader.</summary>
    public event EventHandler<ReconcileResult>? PassCompleted;

    /// <summary>
    /// Raised after each check of the leader lease in Redis: as standby after each acquire attempt that reached Redis,
    /// as leader once per lease renew interval while its lease is still valid. The container health check uses it,
    /// because a standby runs no reconcile passes.
    /// </summary>
    public event EventHandler? LeaderLeaseChecked;

    /// <summary>True while this orchestrator holds the leader lease and reconciles.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Creates and removes the routes of shard sets; null leaves routes to the transport.</summary>
    public IRouteProvisioner? RouteProvisioner { get; init; }

    /// <summary>Reads the alarm queue while this orchestrator leads; null when alarms are off.</summary>
    public AlarmListener? Alarms { get; init; }

    /// <summary>Campaigns and reconciles until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        void OnAcquireAnswered(object? sender, string leaseName)
        {
            if (leaseName == LeaseNames.Leader)
            {
                LeaderLeaseChecked?.Invoke(this, EventArgs.Empty);
            }
        }

        var elector = new LeaderElector(leases, candidateId, timeProvider, loggerFactory.CreateLogger<LeaderElector>());
        leases.AcquireAnswered += OnAcquireAnswered;
        try
        {
            await elector.RunAsync(LeadAsync, cancellationToken);
        }
        finally
        {
            leases.AcquireAnswered -= OnAcquireAnswered;
        }
    }

    private async Task LeadAsync(LeaseHandle lease, CancellationToken term)
    {
        var logger = loggerFactory.CreateLogger<ShardReconciler>();
        var reconciler = new ShardReconciler(options, state, launcher, heartbeats, gateway, events, timeProvider, logger, restartRequests)
        {
            RouteProvisioner = RouteProvisioner,
        };
        var loop = new ReconcileLoop(reconciler, state, launcher, options, timeProvider, loggerFactory.CreateLogger<ReconcileLoop>());
        loop.PassCompleted += (sender, result) => PassCompleted?.Invoke(this, result);
        _isLeader = true;
        using var alarmStop = CancellationTokenSource.CreateLinkedTokenSource(term);
        var alarms = Alarms?.RunAsync(loop.Trigger, alarmStop.Token) ?? Task.CompletedTask;
        var leaseChecks = ReportLeaseHeldAsync(lease, alarmStop.Token);
        try
        {
            await loop.RunAsync(lease.FencingToken, term);
        }
        finally
        {
            _isLeader = false;
            await alarmStop.CancelAsync();
            await alarms;
            await leaseChecks;
        }
    }

    // The handle renews the lease in the background; a still-valid deadline shows the last renewal reached Redis.
    private async Task ReportLeaseHeldAsync(LeaseHandle lease, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(leases.Options.RenewInterval, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (lease.IsHeld)
            {
                LeaderLeaseChecked?.Invoke(this, EventArgs.Empty);
            }
        }
    }
}

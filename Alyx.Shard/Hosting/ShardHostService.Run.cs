using Alyx.Abstractions.Plugins;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Discord.Gateway;
using Alyx.Discord.Rest;
using Alyx.Shard.Coordination;
using Alyx.Shard.Metrics;
using Alyx.Shard.Plugins;
using Alyx.Shard.Rest;
using Alyx.Shard.Routes;
using Alyx.Shard.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Hosting;

/// <summary>The steps of a run, from the lease to the exit code.</summary>
public sealed partial class ShardHostService
{
    private async Task<(ShardExitCode Code, string Reason)> RunAsync(CancellationToken stoppingToken)
    {
        await using var coordination = await coordinationProvider.ConnectAsync(assignment, _options, stoppingToken);

        var leaseName = LeaseNames.Shard(assignment.ShardSet, assignment.ShardId);
        var leases = new LeaseManager(coordination.Leases, _options.ToLeaseOptions(), timeProvider, loggerFactory);
        var lease = await AcquireLeaseAsync(leases, leaseName, stoppingToken);
        if (lease is null)
        {
            return (ShardExitCode.Stopped, "stopped while waiting for the lease");
        }

        await using (lease)
        {
            return await RunWithLeaseAsync(coordination, lease, stoppingToken);
        }
    }

    private async Task<LeaseHandle?> AcquireLeaseAsync(LeaseManager leases, string leaseName, CancellationToken stoppingToken)
    {
        var (handle, result) = await leases.TryAcquireAsync(leaseName, _options.TaskId, stoppingToken);
        if (handle is null)
        {
            var holder = result.CurrentHolder is { } record ? $"{record.HolderId} (fencing token {record.FencingToken})" : "nobody (the store is in its quiet period)";
            if (_options.LeaseMode == LeaseMode.Exit)
            {
                throw new ShardExitException(ShardExitCode.LeaseHeld,
                    $"Lease {leaseName} is held by {holder} for another {result.RetryAfter.TotalMilliseconds:0} ms, and Shard:LeaseMode is Exit; "
                    + "another host runs this shard.");
            }

            LogWaitingForLease(leaseName, holder, result.RetryAfter.TotalMilliseconds);
            try
            {
                handle = await leases.AcquireAsync(leaseName, _options.TaskId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
        }

        LogLeaseAcquired(leaseName, handle.FencingToken);
        return handle;
    }

    private async Task<(ShardExitCode Code, string Reason)> RunWithLeaseAsync(
        ShardCoordination coordination, LeaseHandle lease, CancellationToken stoppingToken)
    {
        var rest = new DiscordRestClient(
            httpClientFactory.CreateClient("discord"),
            new DiscordRestOptions { BaseUrl = _options.RestUrl, Token = _options.Token },
            timeProvider,
            loggerFactory.CreateLogger<DiscordRestClient>());
        var gate = coordination.IdentifyGate;
        var gatewayUrl = await PrepareGatewayAsync(rest, gate, stoppingToken);
        var sessions = coordination.Sessions;
        var origin = SessionHandover.OriginOf(_options.Token, gatewayUrl);
        var handover = await TakeHandoverAsync(sessions, origin);
        if (handover is null)
        {
            await WaitForSilentPredecessorAsync(coordination.Heartbeats, stoppingToken);
        }
        await using var gateway = new GatewayShard(
            new GatewayShardOptions
            {
                Token = _options.Token,
                ShardId = assignment.ShardId,
                ShardCount = assignment.ShardCount,
                Intents = (GatewayIntents)_options.Intents,
                GatewayUrl = gatewayUrl,
                InitialSession = handover?.Session,
                InitialGuildIds = handover?.GuildIds ?? [],
                SendGuard = () => lease.IsHeld,
            },
            new MeasuredIdentifyGate(gate, metrics),
            timeProvider,
            loggerFactory.CreateLogger<GatewayShard>());

        using var dispatcher = new PluginDispatcher(plugins, metrics, timeProvider, () => lease.IsHeld, loggerFactory);
        await using var activeSet = await StartActiveSetWatchAsync(coordination, dispatcher, stoppingToken);
        Action<GatewayDispatch> offer = activeSet is null ? dispatcher.Enqueue : activeSet.Cutover.Offer;
        int? lastCloseCode = null;
        var statusWake = new WakeSignal();
        gateway.DispatchReceived += (_, dispatch) =>
        {
            // A host that resumed after a pause past its deadline must not handle what the gateway still delivers.
            if (lease.IsHeld)
            {
                offer(dispatch);
            }
            else
            {
                metrics.EventDropped();
            }
        };
        gateway.StateChanged += (_, change) =>
        {
            lastCloseCode = change.Failure?.CloseCode ?? lastCloseCode;
            if (change.Current == ShardState.Ready)
            {
                dispatcher.StartPlugins(stoppingToken);

                // Report Ready at once, because the orchestrator counts a shard as booted only when its heartbeat reports Ready.
                statusWake.Set();
            }
            else if (change.Previous == ShardState.Disconnected && change.Current == ShardState.Connecting && metrics.EventsReceived > 0)
            {
                metrics.Reconnected();
            }
        };

        await using var routes = coordination.State is { } clusterState
            ? await ClusterRouteTable.StartAsync(clusterState, assignment.ShardSet, assignment.ShardCount, loggerFactory.CreateLogger<ClusterRouteTable>(), stoppingToken)
            : null;
        var messenger = new Messenger(
            MessengerEndpoint.ForShard(assignment.ShardSet, assignment.ShardId, _options.TaskId, lease.FencingToken),
            coordination.Transport,
            (IRouteTable?)routes ?? new StaticRouteTable(assignment.ShardCount, assignment.ShardSet),
            coordination.Payloads,
            new MessengerOptions { WaitForHandlers = true },
            timeProvider,
            loggerFactory.CreateLogger<Messenger>());
        await using var messengerScope = messenger;

        // Plugins register their routes when they start, on the first Ready; requests that arrive earlier wait for that.
        _ = dispatcher.PluginsStarted.ContinueWith(_ => messenger.MarkHandlersReady(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var fencedMessenger = new LeaseFencedMessenger(messenger, () => lease.IsHeld, lease.Name);
        using var pingRoute = PingRoute.Register(fencedMessenger, gateway);
        await messenger.StartAsync(stoppingToken);

        var shard = new ShardInfo(assignment.Cluster, assignment.ShardSet, assignment.ShardId, assignment.ShardCount);
        dispatcher.Run(plugin => new PluginContext(
            shard,
            () => gateway.GuildCount,
            new DiscordRestAdapter(rest),
            fencedMessenger,
            services,
            loggerFactory.CreateLogger("Alyx.Plugins." + plugin.Name),
            configuration.GetSection(PluginServiceCollectionExtensions.PluginsSection).GetSection(plugin.Name)));

        await gateway.StartAsync(stoppingToken);
        using var statusStop = new CancellationTokenSource();
        var statusLoop = RunStatusLoopAsync(coordination.Heartbeats, gateway, lease, () => lastCloseCode, statusWake, statusStop.Token);

        var stopping = Task.Delay(Timeout.Infinite, stoppingToken);
        var lost = Task.Delay(Timeout.Infinite, lease.Lost);
        await Task.WhenAny(gateway.Completion, stopping, lost);

        using var shutdown = new CancellationTokenSource(_options.ShutdownTimeout);
        try
        {
            if (gateway.Failure is { } failure)
            {
                await dispatcher.DrainAndStopAsync(_options.DrainTimeout, shutdown.Token);
                return await ReportFailureAsync(coordination.Events, lease, ExitCodeFor(failure.Kind), failure.Message, shutdown.Token);
            }

            if (gateway.Completion.Exception is { } crash)
            {
                await dispatcher.DrainAndStopAsync(_options.DrainTimeout, shutdown.Token);
                return (ShardExitCode.UnexpectedError, $"The gateway connection loop failed: {crash.InnerException?.Message ?? crash.Message}");
            }

            if (!lease.IsHeld && !stoppingToken.IsCancellationRequested)
            {
                // Close at once: the deadline leaves only the safety margin, and another host may identify after it.
                var reason = lease.LossReason?.ToString() ?? "local deadline passed";
                LogLeaseLost(reason);
                await dispatcher.AbandonAsync();
                await gateway.StopAsync(ShardStopMode.EndSession, shutdown.Token);
                return await ReportFailureAsync(
                    coordination.Events, lease, ShardExitCode.LeaseLost, $"Lease {lease.Name} lost ({reason}); the gateway connection was closed.", shutdown.Token);
            }

            return await StopGracefullyAsync(sessions, coordination.Heartbeats, origin, gateway, dispatcher, lease, shutdown.Token);
        }
        finally
        {
            await statusStop.CancelAsync();
            await statusLoop;
        }
    }

    /// <summary>
    /// Appends a ShardFailed event with the exit code's name as the reason, so <c>alyx events</c> shows why the task
    /// ended even when its logs are gone. Redis may be the reason the lease was lost, so a failed append is only logged.
    /// </summary>
    private async Task<(ShardExitCode Code, string Reason)> ReportFailureAsync(
        IEventLog events, LeaseHandle lease, ShardExitCode code, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await events.AppendAsync(
                new OperatorEvent(OperatorEventTypes.ShardFailed, code.ToString(), reason, assignment.ShardSet, assignment.ShardId, _options.TaskId),
                cancellationToken);
        }
        catch (Exception exception) when (exception is CoordinationUnavailableException or OperationCanceledException)
        {
            LogReportFailed(lease.Name, exception);
        }

        return (code, reason);
    }

    private async Task<(ShardExitCode Code, string Reason)> StopGracefullyAsync(
        IGatewaySessionStore sessions, IHeartbeatStore heartbeats, string origin, GatewayShard gateway, PluginDispatcher dispatcher, LeaseHandle lease,
        CancellationToken cancellationToken)
    {
        LogStopping(_options.DrainTimeout);
        await gateway.StopAsync(ShardStopMode.KeepSession, cancellationToken);

        var (unhandled, handledThrough) = await dispatcher.DrainAndStopAsync(_options.DrainTimeout, cancellationToken);
        var session = gateway.Session;

        // When the drain timeout cut handlers short, the successor resumes from the last sequence every plugin
        // finished, so the gateway replays the rest and no event is lost. Plugins that had finished some of the
        // replayed events see those twice.
        // NOTE: the watermark assumes the queued events belong to the saved session. After a new IDENTIFY during the
        // drain it may point into the previous session.
        if (session is not null && handledThrough is { } sequence && sequence < session.Sequence)
        {
            session = session with { Sequence = sequence };
        }

        if (session is not null && lease.IsHeld)
        {
            try
            {
                await sessions.SaveAsync(
                    assignment.ShardSet, assignment.ShardId, new SessionHandover(session, origin, gateway.GuildIds), _options.SessionHandoverTimeToLive);
                LogSessionSaved(session.SessionId, session.Sequence);
            }
            catch (CoordinationUnavailableException exception)
            {
                LogSessionSaveFailed(exception);
            }
        }

        await ReportStoppingAsync(heartbeats, gateway, lease, cancellationToken);
        await lease.ReleaseAsync(cancellationToken);
        return (ShardExitCode.Stopped, handledThrough is null
            ? "stopped on request; session handed over"
            : $"stopped on request; {unhandled} queued events were not handled within the drain timeout and are left to the successor's resume");
    }

    /// <summary>
    /// Takes the session a predecessor saved, unless it belongs to another bot token or gateway URL: a session of a
    /// stopped emulator or of another bot cannot be resumed, and trying would only delay the IDENTIFY.
    /// </summary>
    private async Task<SessionHandover?> TakeHandoverAsync(IGatewaySessionStore sessions, string origin)
    {
        var handover = await sessions.TakeAsync(assignment.ShardSet, assignment.ShardId);
        if (handover is null)
        {
            return null;
        }

        if (!string.Equals(handover.Origin, origin, StringComparison.Ordinal))
        {
            LogHandoverIgnored(handover.Session.SessionId);
            return null;
        }

        LogResumingHandover(handover.Session.SessionId, handover.Session.Sequence, handover.GuildIds.Count);
        return handover;
    }

    /// <summary>
    /// Waits while a predecessor's session may still be live at the gateway. That is the case when the predecessor's
    /// last heartbeat in Redis reported a session (Identifying, Ready or Resuming) and it neither handed the session
    /// over nor reported Stopping: it was lost (killed, paused, cut off) with its connection open. The gateway drops
    /// that session <see cref="ShardHostOptions.SilentSessionTimeout"/> after the connection's last heartbeat, which
    /// the predecessor sent at most one status interval after its last report.
    /// </summary>
    /// <remarks>
    /// NOTE: the bound assumes the predecessor used this host's status interval and that its last report reached
    /// Redis. A predecessor whose reports failed while its lease still renewed could have sent heartbeats later.
    /// </remarks>
    private async Task WaitForSilentPredecessorAsync(IHeartbeatStore heartbeats, CancellationToken cancellationToken)
    {
        if (_options.SilentSessionTimeout <= TimeSpan.Zero)
        {
            return;
        }

        var predecessor = (await heartbeats.ReadAllAsync(cancellationToken)).FirstOrDefault(record =>
            record.Heartbeat.ShardSetEpoch == assignment.ShardSet
            && record.Heartbeat.ShardId == assignment.ShardId
            && !string.Equals(record.Heartbeat.TaskId, _options.TaskId, StringComparison.Ordinal)
            && record.Heartbeat.Phase is ShardPhase.Identifying or ShardPhase.Ready or ShardPhase.Resuming);
        if (predecessor is null)
        {
            return;
        }

        var wait = _options.StatusInterval + _options.SilentSessionTimeout - predecessor.Age;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        LogWaitingForSilentSession(predecessor.Heartbeat.TaskId, predecessor.Heartbeat.Phase, predecessor.Age.TotalMilliseconds, wait.TotalMilliseconds);
        await Task.Delay(wait, timeProvider, cancellationToken);
    }

    /// <summary>
    /// Returns the gateway URL (configured, or from <c>GET /gateway/bot</c>) and gives the cluster's identify gate a
    /// session start budget when it has none yet; the orchestrator normally sets it.
    /// </summary>
    private async Task<Uri> PrepareGatewayAsync(DiscordRestClient rest, IClusterIdentifyGate gate, CancellationToken cancellationToken)
    {
        if (_options.GatewayUrl is { } configured && await gate.GetBudgetAsync(cancellationToken) is not null)
        {
            return configured;
        }

        GatewayBotInfo info;
        try
        {
            info = await rest.GetGatewayBotAsync(cancellationToken);
        }
        catch (Alyx.Discord.Rest.DiscordRestException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new ShardExitException(ShardExitCode.AuthenticationFailed, "GET /gateway/bot rejected the bot token (HTTP 401); set a valid ALYX_TOKEN.", exception);
        }

        if (await gate.GetBudgetAsync(cancellationToken) is null)
        {
            var limit = info.SessionStartLimit;
            await gate.SetBudgetAsync(
                new SessionStartBudget(limit.Total, limit.Remaining, timeProvider.GetUtcNow().AddMilliseconds(limit.ResetAfter), Math.Max(1, limit.MaxConcurrency)),
                cancellationToken);
        }

        return _options.GatewayUrl ?? new Uri(info.Url);
    }

    /// <summary>
    /// Reports Stopping as the last heartbeat, after the session was closed and handed over, so a successor does not
    /// wait for a live session of this host. A failed report only makes the successor wait.
    /// </summary>
    private async Task ReportStoppingAsync(IHeartbeatStore heartbeats, GatewayShard gateway, LeaseHandle lease, CancellationToken cancellationToken)
    {
        if (!lease.IsHeld)
        {
            return;
        }

        try
        {
            await heartbeats.ReportAsync(
                new ShardHeartbeat(assignment.ShardSet, assignment.ShardId, _options.TaskId, lease.FencingToken, ShardPhase.Stopping, gateway.GuildCount, null, null),
                cancellationToken);
        }
        catch (Exception exception) when (exception is CoordinationUnavailableException or OperationCanceledException)
        {
            LogStatusFailed();
        }
    }

    private async Task RunStatusLoopAsync(
        IHeartbeatStore heartbeats, GatewayShard gateway, LeaseHandle lease, Func<int?> lastCloseCode, WakeSignal wake, CancellationToken cancellationToken)
    {
        var emf = _options.Metrics ? new EmfMetricWriter(metricsOutput.Writer, timeProvider, assignment.Cluster, assignment.ShardId) : null;
        var healthFile = _options.HealthFile is { Length: > 0 } healthPath ? new HealthFile(healthPath) : null;
        var healthFileFailed = false;
        long lastEvents = 0, lastErrors = 0, lastReconnects = 0;
        using var timer = new PeriodicTimer(_options.StatusInterval, timeProvider);
        try
        {
            do
            {
                var latency = gateway.Latency;
                var heartbeat = new ShardHeartbeat(
                    assignment.ShardSet, assignment.ShardId, _options.TaskId, lease.FencingToken, PhaseOf(gateway.State), gateway.GuildCount, latency, lastCloseCode());
                try
                {
                    // A host past its lease deadline reports nothing: its successor's heartbeat is the truth.
                    if (lease.IsHeld)
                    {
                        await heartbeats.ReportAsync(heartbeat, cancellationToken);
                        healthFileFailed = TouchHealthFile(healthFile, healthFileFailed);
                    }
                }
                catch (CoordinationUnavailableException)
                {
                    LogStatusFailed();
                }

                long events = metrics.EventsReceived, errors = metrics.HandlerErrors, reconnects = metrics.Reconnects;
                emf?.Write(
                [
                    ("GatewayLatency", "Milliseconds", latency?.TotalMilliseconds),
                    ("Guilds", "Count", gateway.GuildCount),
                    ("EventsReceived", "Count", events - lastEvents),
                    ("Reconnects", "Count", reconnects - lastReconnects),
                    ("HandlerErrors", "Count", errors - lastErrors),
                    ("IdentifyWait", "Milliseconds", metrics.TakeIdentifyWaitMilliseconds()),
                    ("DispatchLatency", "Milliseconds", metrics.TakeMeanDispatchLatencyMilliseconds()),
                ]);
                (lastEvents, lastErrors, lastReconnects) = (events, errors, reconnects);
            }
            while (await WaitForTickOrWakeAsync(timer, wake, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    // The file only feeds a health check, so a failed write is logged, once per run of failures, and the host goes on.
    // Returns whether this touch failed.
    private bool TouchHealthFile(HealthFile? healthFile, bool failedBefore)
    {
        try
        {
            healthFile?.Touch();
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (!failedBefore)
            {
                LogHealthFileFailed(healthFile!.Path, exception);
            }

            return true;
        }
    }

    /// <summary>Waits for the status timer's next tick or an early wake; false when the timer was disposed.</summary>
    private static async Task<bool> WaitForTickOrWakeAsync(PeriodicTimer timer, WakeSignal wake, CancellationToken cancellationToken)
    {
        // PeriodicTimer allows one pending wait, so a wake leaves the tick pending and the next call reuses it.
        wake.PendingTick ??= timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var woken = wake.WaitAsync();
        if (await Task.WhenAny(wake.PendingTick, woken) == woken && !wake.PendingTick.IsCompleted)
        {
            wake.Consume();
            return true;
        }

        var tick = wake.PendingTick;
        wake.PendingTick = null;
        return await tick;
    }

    private static ShardPhase PhaseOf(ShardState state) => state switch
    {
        ShardState.Identifying => ShardPhase.Identifying,
        ShardState.Resuming => ShardPhase.Resuming,
        ShardState.Ready => ShardPhase.Ready,
        ShardState.Failed => ShardPhase.Failed,
        _ => ShardPhase.Connecting,
    };
}

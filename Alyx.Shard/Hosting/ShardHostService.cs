using Alyx.Abstractions.Plugins;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Discord.Gateway;
using Alyx.Shard.Coordination;
using Alyx.Shard.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alyx.Shard.Hosting;

/// <summary>
/// The life of one shard host: acquire the shard's lease (or wait, or exit), pass the identify gate, connect, hand
/// events to plugins, heartbeat status into Redis and serve messenger routes until SIGTERM, a lease loss or a fatal
/// close code. Every end sets <see cref="ShardExit"/> and stops the application.
/// </summary>
public sealed partial class ShardHostService(
    IOptions<ShardHostOptions> options,
    ShardAssignment assignment,
    IEnumerable<IAlyxPlugin> plugins,
    IServiceProvider services,
    IConfiguration configuration,
    IHttpClientFactory httpClientFactory,
    ShardMetrics metrics,
    ShardExit exit,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ShardMetricsOutput metricsOutput,
    IShardCoordinationProvider coordinationProvider) : BackgroundService
{
    private readonly ShardHostOptions _options = options.Value;
    private static readonly Func<ILogger, string, long, int, string, IDisposable?> RunScope =
        LoggerMessage.DefineScope<string, long, int, string>("cluster {Cluster} set {ShardSet} shard {ShardId} task {TaskId}");

    private readonly ILogger _logger = loggerFactory.CreateLogger<ShardHostService>();

    /// <summary>Maps a fatal gateway failure to the exit code the orchestrator acts on.</summary>
    public static ShardExitCode ExitCodeFor(GatewayFailureKind kind) => kind switch
    {
        GatewayFailureKind.AuthenticationFailed => ShardExitCode.AuthenticationFailed,
        GatewayFailureKind.InvalidShard => ShardExitCode.InvalidShard,
        GatewayFailureKind.ShardingRequired => ShardExitCode.ShardingRequired,
        GatewayFailureKind.InvalidApiVersion => ShardExitCode.InvalidApiVersion,
        GatewayFailureKind.InvalidIntents => ShardExitCode.InvalidIntents,
        GatewayFailureKind.DisallowedIntents => ShardExitCode.DisallowedIntents,
        GatewayFailureKind.SessionStartBudgetExhausted => ShardExitCode.SessionStartBudgetExhausted,
        _ => ShardExitCode.UnexpectedError,
    };

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave the host's start path at once; the lease wait may take long.
        await Task.Yield();
        ShardExitCode code;
        string reason;
        using (RunScope(_logger, assignment.Cluster, assignment.ShardSet, assignment.ShardId, _options.TaskId))
        {
            try
            {
                (code, reason) = await RunAsync(stoppingToken);
            }
            catch (ShardExitException exception)
            {
                (code, reason) = (exception.Code, exception.Message);
            }
            catch (CoordinationUnavailableException exception)
            {
                (code, reason) = (ShardExitCode.CoordinationUnavailable, exception.Message);
            }
            catch (Exception exception)
            {
                LogUnexpected(exception);
                (code, reason) = (ShardExitCode.UnexpectedError, exception.Message);
            }

            if (code == ShardExitCode.Stopped)
            {
                LogExit((int)code, code, reason);
            }
            else
            {
                LogExitFailure((int)code, code, reason);
            }
        }

        exit.Set(code, reason);
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Shard host exits with {ExitCode} ({Code}): {Reason}")]
    private partial void LogExit(int exitCode, ShardExitCode code, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Shard host exits with {ExitCode} ({Code}): {Reason}")]
    private partial void LogExitFailure(int exitCode, ShardExitCode code, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Critical, Message = "Shard host failed unexpectedly")]
    private partial void LogUnexpected(Exception exception);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Waiting for lease {LeaseName}, held by {Holder} for another {RemainingMs} ms")]
    private partial void LogWaitingForLease(string leaseName, string holder, double remainingMs);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Holding lease {LeaseName} with fencing token {FencingToken}")]
    private partial void LogLeaseAcquired(string leaseName, long fencingToken);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Resuming session {SessionId} at sequence {Sequence} with {GuildCount} guilds, handed over by the previous host")]
    private partial void LogResumingHandover(string sessionId, int sequence, int guildCount);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Information,
        Message = "Previous holder {PreviousTaskId} went silent in phase {Phase} {AgeMs} ms ago without handing its session over; waiting {WaitMs} ms for the gateway to drop that session before identifying")]
    private partial void LogWaitingForSilentSession(string previousTaskId, ShardPhase phase, double ageMs, double waitMs);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Ignoring handed-over session {SessionId}: it belongs to another bot token or gateway URL; identifying instead")]
    private partial void LogHandoverIgnored(string sessionId);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Stopping: no new events; waiting up to {DrainTimeout} for plugin handlers")]
    private partial void LogStopping(TimeSpan drainTimeout);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Saved session {SessionId} at sequence {Sequence} for the successor")]
    private partial void LogSessionSaved(string sessionId, int sequence);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Error, Message = "Lease lost ({Reason}); closing the gateway connection")]
    private partial void LogLeaseLost(string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Status heartbeat to Redis failed; retrying next interval")]
    private partial void LogStatusFailed();

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Could not append the ShardFailed event for {LeaseName}; the exit code still reports the failure")]
    private partial void LogReportFailed(string leaseName, Exception exception);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Could not save the session for the successor; it will identify")]
    private partial void LogSessionSaveFailed(Exception exception);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Could not touch the health file {Path}; the container health check will fail")]
    private partial void LogHealthFileFailed(string path, Exception exception);
}

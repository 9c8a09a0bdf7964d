using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A route table that follows the cluster status: the active shard set, its shard count and which shards have a
/// running task. It starts from a given set and switches when the orchestrator writes a status with another one, so
/// requests from a host of a standby or retired set still reach the active set.
/// </summary>
public sealed partial class ClusterRouteTable : IRouteTable, IAsyncDisposable
{
    private readonly IClusterStateStore _state;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private ClusterStateWatch? _watch;
    private Task _following = Task.CompletedTask;
    private volatile ShardRoutes _current;

    private ClusterRouteTable(IClusterStateStore state, ShardRoutes initial, ILogger logger)
    {
        _state = state;
        _current = initial;
        _logger = logger;
    }

    /// <inheritdoc />
    public ShardRoutes Current => _current;

    /// <summary>Starts following the status; until a status with shards exists, routes use the given set with every shard owned.</summary>
    /// <exception cref="CoordinationUnavailableException">The state store is unreachable.</exception>
    public static async Task<ClusterRouteTable> StartAsync(
        IClusterStateStore state, long shardSet, int shardCount, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(shardSet);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var table = new ClusterRouteTable(state, new ShardRoutes(shardSet, shardCount, new HashSet<int>()), logger);

        // Watch first, then read, so a status written in between still arrives as a change.
        table._watch = await state.WatchAsync(cancellationToken);
        table.Apply(await state.ReadStatusAsync(cancellationToken));
        table._following = table.FollowAsync(table._watch);
        return table;
    }

    /// <summary>Returns the routes of a status: unowned are the shards without a running task (Pending, Stopping, Failed, CrashLoop).</summary>
    public static ShardRoutes FromStatus(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var owned = status.Shards
            .Where(shard => shard.Phase is not (ShardPhase.Pending or ShardPhase.Stopping or ShardPhase.Failed or ShardPhase.CrashLoop))
            .Select(shard => shard.ShardId)
            .ToHashSet();
        var unowned = Enumerable.Range(0, status.ShardCount).Where(shardId => !owned.Contains(shardId)).ToHashSet();
        return new ShardRoutes(status.ActiveShardSetEpoch, status.ShardCount, unowned);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        await _following;
        _stop.Dispose();
    }

    private async Task FollowAsync(ClusterStateWatch watch)
    {
        try
        {
            while (true)
            {
                var change = await watch.ReadAsync(_stop.Token);

                // Status writes come once per reconcile pass; one read covers every change already queued.
                var statusChanged = change.Kind == ClusterStateChangeKind.Status;
                while (watch.TryRead(out var queued))
                {
                    statusChanged |= queued.Kind == ClusterStateChangeKind.Status;
                }

                if (statusChanged)
                {
                    await RefreshAsync();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The watch ended.
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            Apply(await _state.ReadStatusAsync(_stop.Token));
        }
        catch (CoordinationUnavailableException exception)
        {
            // The routes stay as they are; the next status change reads again.
            LogRefreshFailed(exception);
        }
    }

    private void Apply(ClusterStatus? status)
    {
        if (status is null || status.ShardCount < 1)
        {
            return;
        }

        var previous = _current;
        _current = FromStatus(status);
        if (previous.Epoch != _current.Epoch || previous.ShardCount != _current.ShardCount)
        {
            LogSwitched(previous.Epoch, previous.ShardCount, _current.Epoch, _current.ShardCount);
        }
    }

    [LoggerMessage(EventId = 3090, Level = LogLevel.Information, Message = "Routes switched from shard set {OldSet} ({OldCount} shards) to set {NewSet} ({NewCount} shards)")]
    private partial void LogSwitched(long oldSet, int oldCount, long newSet, int newCount);

    [LoggerMessage(EventId = 3091, Level = LogLevel.Warning, Message = "Reading the cluster status for the routes failed; routes stay as they are")]
    private partial void LogRefreshFailed(Exception exception);
}

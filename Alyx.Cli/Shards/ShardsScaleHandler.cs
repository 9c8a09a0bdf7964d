using System.Diagnostics;
using Alyx.Cli.Common;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Spec;

namespace Alyx.Cli.Shards;

/// <summary>
/// Runs <c>alyx shards scale</c>: writes a new shard count into the spec (only if no other writer changed it since it was read)
/// and, with --wait, shows progress until the orchestrator reports the new count Available.
/// </summary>
public sealed class ShardsScaleHandler(TextWriter output, TextWriter error)
{
    /// <summary>How long --wait waits when --timeout is not given: 300 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>How often --wait checks the leader lease when the status does not change: 2 s.</summary>
    public static readonly TimeSpan LeaderCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the leader lease must stay missing before --wait gives up: 15 s, three times the 5 s default lease
    /// renew interval, which is the longest pause of a standby orchestrator before it tries to take the lease. The
    /// margin covers a standby on a loaded machine, whose attempt comes late.
    /// </summary>
    public static readonly TimeSpan LeaderMissingGrace = TimeSpan.FromSeconds(15);

    /// <summary>Scales; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(ScaleRequest request, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx shards scale", error, async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var count = Validate(request);
            var keys = ClusterName.Keys(request.Cluster);
            await using var connection = await CommandRunner.ConnectAsync(request.Redis);
            var store = new RedisClusterStateStore(connection, keys);
            var spec = await store.ReadSpecAsync(cancellationToken);
            var status = await store.ReadStatusAsync(cancellationToken);
            if (spec is null && status is null && !request.Create)
            {
                throw new CliException(ExitCodes.NotFound,
                    $"Cluster '{request.Cluster}' not found: this Redis has no spec or status for it. Check --cluster (env {CommonOptions.ClusterVariable}), or pass --create to create it.");
            }

            if (spec is not null && status is not null && status.ObservedGeneration >= spec.Generation
                && ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Progressing) is { Status: ConditionStatus.True, Reason: "Resharding" })
            {
                throw new CliException(ExitCodes.Conflict, $"Cluster '{request.Cluster}' is resharding to generation {spec.Generation}; wait until `alyx shards status` shows Progressing False, then scale again.");
            }

            if (request.Wait && !await LeaderLease.IsHeldAsync(connection, keys, cancellationToken))
            {
                throw NoOrchestrator(request.Cluster);
            }

            long generation;
            try
            {
                generation = await store.WriteSpecAsync(new ClusterSpec(count.FixedCount, spec?.IdentifyConcurrency, StrategyOf(request), spec?.Image), spec?.Generation ?? 0, cancellationToken);
            }
            catch (SpecConflictException exception)
            {
                throw new CliException(ExitCodes.Conflict, exception.Message, exception);
            }

            await output.WriteLineAsync($"cluster {request.Cluster}: shard count {count} written as generation {generation}");
            return request.Wait
                ? await WaitAsync(store, () => LeaderLease.IsHeldAsync(connection, keys, cancellationToken), request.Cluster, generation, count, request.Timeout ?? DefaultTimeout, cancellationToken)
                : ExitCodes.Success;
        });

    private static ShardCountSpec Validate(ScaleRequest request)
    {
        if (request.Auto == (request.Count is not null))
        {
            throw new CliException(ExitCodes.InvalidInput, "Pass exactly one of --count N and --auto.");
        }

        if (request.Strategy is not ("rolling" or "blue-green"))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--strategy {request.Strategy} is invalid: use rolling or blue-green.");
        }

        if (request.Timeout is { } timeout && !request.Wait)
        {
            throw new CliException(ExitCodes.InvalidInput, $"--timeout {timeout.TotalSeconds} applies only with --wait: add --wait, or drop --timeout.");
        }

        if (request.Timeout <= TimeSpan.Zero)
        {
            throw new CliException(ExitCodes.InvalidInput, $"--timeout {request.Timeout.Value.TotalSeconds} is invalid: use a positive number of seconds.");
        }

        try
        {
            return request.Auto ? ShardCountSpec.Auto : ShardCountSpec.Parse(request.Count!);
        }
        catch (FormatException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "--count: " + exception.Message, exception);
        }
    }

    private static ReshardStrategy StrategyOf(ScaleRequest request) =>
        request.Strategy == "blue-green" ? ReshardStrategy.BlueGreen : ReshardStrategy.Rolling;

    private static CliException NoOrchestrator(string cluster) =>
        new(ExitCodes.NoOrchestrator, $"No orchestrator holds the leader lease of cluster '{cluster}', so --wait would never end. Start one with `alyx orchestrator run` or drop --wait.");

    private async Task<int> WaitAsync(
        RedisClusterStateStore store, Func<Task<bool>> isLeaderLeaseHeldAsync, string cluster, long generation, ShardCountSpec count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long? leaseMissingSince = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var watch = await store.WatchAsync(deadline.Token);
        var lastLine = "";
        try
        {
            while (true)
            {
                var status = await store.ReadStatusAsync(deadline.Token);
                if (status is not null && status.ObservedGeneration >= generation)
                {
                    var ready = status.Shards.Count(shard => shard.Phase == ShardPhase.Ready);
                    var pending = status.PendingShardSet is { RolledBack: false } starting ? $"; shard set {starting.Epoch} with {starting.ShardCount} shards starting" : "";
                    var line = $"  {ready}/{status.ShardCount} shards Ready (shard set {status.ActiveShardSetEpoch}){pending}";
                    if (line != lastLine)
                    {
                        await output.WriteLineAsync(line);
                        lastLine = line;
                    }

                    if (ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded) is { Status: ConditionStatus.True, Reason: "ReshardRolledBack" } rolledBack
                        && rolledBack.ObservedGeneration >= generation)
                    {
                        throw new CliException(ExitCodes.ReshardRolledBack, rolledBack.Message);
                    }

                    if (ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Progressing) is { Status: ConditionStatus.False, Reason: "FatalCloseCode" } stuck
                        && stuck.ObservedGeneration >= generation)
                    {
                        var degraded = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded);
                        throw new CliException(ExitCodes.Failure, $"{stuck.Message} {degraded?.Message}".TrimEnd());
                    }

                    if (Converged(status, generation, count))
                    {
                        await output.WriteLineAsync($"converged: {status.ShardCount} shards Ready");
                        return ExitCodes.Success;
                    }
                }

                // A killed orchestrator writes no more status, so the wait also wakes on a timer and checks the leader
                // lease, which expires on its own. The lease must stay missing for LeaderMissingGrace, so that the gap
                // of a handover, between the old leader's release and a standby's acquire, does not end the wait.
                leaseMissingSince = await isLeaderLeaseHeldAsync() ? null : leaseMissingSince ?? Stopwatch.GetTimestamp();
                if (leaseMissingSince is { } since && Stopwatch.GetElapsedTime(since) >= LeaderMissingGrace)
                {
                    throw NoOrchestrator(cluster);
                }

                await WaitForChangeAsync(watch, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Timeout, $"The cluster did not converge within {timeout.TotalSeconds:0} s; see `alyx shards status` and `alyx events`.");
        }
    }

    // Returns at the next status change, or after LeaderCheckInterval without one.
    private static async Task WaitForChangeAsync(ClusterStateWatch watch, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(LeaderCheckInterval);
        try
        {
            await watch.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (poll.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The check interval passed without a change.
        }
    }

    // During a reshard the old set stays Available, so Available alone is no proof. The orchestrator writes
    // Progressing False "Converged" for a generation only when it runs that generation's resolved count (for --auto,
    // Discord's recommendation), with no set starting or retiring.
    private static bool Converged(ClusterStatus status, long generation, ShardCountSpec count)
    {
        var progressing = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Progressing);
        return status.ObservedGeneration >= generation
            && progressing is { Status: ConditionStatus.False, Reason: "Converged" }
            && progressing.ObservedGeneration >= generation
            && status.PendingShardSet is null or { RolledBack: true }
            && status.RetiringShardSet is null
            && (count.IsAuto || status.ShardCount == count.FixedCount)
            && status.Shards.Count == status.ShardCount
            && status.Shards.All(shard => shard.Phase == ShardPhase.Ready);
    }
}

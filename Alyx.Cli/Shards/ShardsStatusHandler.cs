using Alyx.Cli.Common;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;

namespace Alyx.Cli.Shards;

/// <summary>
/// Runs <c>alyx shards status</c>: reads spec and status from Redis and prints them as a table or JSON, with a warning
/// when no orchestrator acts on the cluster (see <see cref="StatusFreshness"/>).
/// </summary>
public sealed class ShardsStatusHandler(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    /// <summary>
    /// Prints the status; returns one of <see cref="ExitCodes"/>. A stale status still exits with
    /// <see cref="ExitCodes.Success"/>: the command read and printed what it was asked for, and the staleness is part of
    /// the output (the warning line, and <c>stale</c> in JSON) rather than a failure of the command.
    /// </summary>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="redis">The Redis address, or null when none was given.</param>
    /// <param name="json">Print one JSON object instead of the table.</param>
    /// <param name="staleAfter">The staleness bound; null for <see cref="StatusFreshness.DefaultStaleAfter"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public Task<int> RunAsync(string cluster, string? redis, bool json, TimeSpan? staleAfter, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx shards status", error, async () =>
        {
            if (staleAfter <= TimeSpan.Zero)
            {
                throw new CliException(ExitCodes.InvalidInput, $"--stale-after {staleAfter.Value.TotalSeconds} is invalid: use a positive number of seconds.");
            }

            var keys = ClusterName.Keys(cluster);
            await using var connection = await CommandRunner.ConnectAsync(redis);
            var store = new RedisClusterStateStore(connection, keys);
            var spec = await store.ReadSpecAsync(cancellationToken);
            var status = await store.ReadStatusAsync(cancellationToken);
            if (spec is null && status is null)
            {
                throw new CliException(ExitCodes.NotFound, $"Cluster '{cluster}' has no spec or status in this Redis. Check --cluster, or create it with `alyx shards scale --count N --create`.");
            }

            var freshness = StatusFreshness.Of(
                status, await LeaderLease.IsHeldAsync(connection, keys, cancellationToken), timeProvider.GetUtcNow(), staleAfter ?? StatusFreshness.DefaultStaleAfter);

            // Process ids are known only for tasks that a local-process launcher on this machine started.
            var processIds = new TaskRecordDirectory(OrchestratorHost.TaskRecordsPath(connection, cluster)).ReadAll()
                .Where(task => task.ProcessId is > 0)
                .ToDictionary(task => task.TaskId, task => task.ProcessId!.Value, StringComparer.Ordinal);
            if (json)
            {
                await output.WriteLineAsync(StatusJson.Write(StatusJson.Build(cluster, spec, status, processIds, freshness)));
            }
            else
            {
                if (freshness.Warning(cluster) is { } warning)
                {
                    await output.WriteLineAsync(warning);
                }

                await output.WriteAsync(StatusTable.Render(cluster, spec, status, timeProvider.GetUtcNow(), processIds));
            }

            return ExitCodes.Success;
        });
}

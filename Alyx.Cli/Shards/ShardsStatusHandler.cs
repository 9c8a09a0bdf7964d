using Alyx.Cli.Common;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;

namespace Alyx.Cli.Shards;

/// <summary>Runs <c>alyx shards status</c>: reads spec and status from Redis and prints them as a table or JSON.</summary>
public sealed class ShardsStatusHandler(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    /// <summary>Prints the status; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(string cluster, string? redis, bool json, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx shards status", error, async () =>
        {
            var keys = ClusterName.Keys(cluster);
            await using var connection = await CommandRunner.ConnectAsync(redis);
            var store = new RedisClusterStateStore(connection, keys);
            var spec = await store.ReadSpecAsync(cancellationToken);
            var status = await store.ReadStatusAsync(cancellationToken);
            if (spec is null && status is null)
            {
                throw new CliException(ExitCodes.NotFound, $"Cluster '{cluster}' has no spec or status in this Redis. Create it with `alyx shards scale --count N` or check --cluster.");
            }

            // Process ids are known only for tasks that a local-process launcher on this machine started.
            var processIds = new TaskRecordDirectory(OrchestratorHost.TaskRecordsPath(connection, cluster)).ReadAll()
                .Where(task => task.ProcessId is > 0)
                .ToDictionary(task => task.TaskId, task => task.ProcessId!.Value, StringComparer.Ordinal);
            if (json)
            {
                await output.WriteLineAsync(StatusJson.Write(StatusJson.Build(cluster, spec, status, processIds)));
            }
            else
            {
                await output.WriteAsync(StatusTable.Render(cluster, spec, status, timeProvider.GetUtcNow(), processIds));
            }

            return ExitCodes.Success;
        });
}

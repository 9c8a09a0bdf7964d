using Alyx.Cli.Common;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Reconcile;

namespace Alyx.Cli.Shards;

/// <summary>Runs <c>alyx shards restart</c>: requests that the leader replace one shard's task.</summary>
public sealed class ShardsRestartHandler(TextWriter output, TextWriter error)
{
    /// <summary>The fix for the common case of a cluster that lives only in an <c>alyx dev</c> process's memory.</summary>
    public const string InMemoryDevHint =
        "An `alyx dev` run without --redis keeps its cluster in its own memory, which no other command can reach; run it as `alyx dev --redis HOST:PORT` and pass the same --redis here.";

    /// <summary>Requests the restart; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(string cluster, string? redis, string shard, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx shards restart", error, async () =>
        {
            if (!int.TryParse(shard, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shardId))
            {
                throw new CliException(ExitCodes.InvalidInput, $"Shard id '{shard}' is invalid: use a whole number from 0.");
            }

            var keys = ClusterName.Keys(cluster);
            if (string.IsNullOrWhiteSpace(redis))
            {
                throw new CliException(ExitCodes.InvalidInput, $"--redis is missing: pass the cluster's Redis address or set {CommonOptions.RedisVariable}. {InMemoryDevHint}");
            }

            await using var connection = await CommandRunner.ConnectAsync(redis);
            var status = await new RedisClusterStateStore(connection, keys).ReadStatusAsync(cancellationToken);
            if (status is null || shardId >= status.ShardCount)
            {
                var range = status is null || status.ShardCount == 0 ? "the cluster runs no shards" : $"the cluster runs shards 0 to {status.ShardCount - 1}";
                var hint = status is null ? " " + InMemoryDevHint : "";
                throw new CliException(ExitCodes.NotFound, $"Shard {shardId} not found: {range}. See `alyx shards status`.{hint}");
            }

            // Without a leader the request would wait in Redis and restart the shard whenever an orchestrator starts, long after the operator's request.
            if (!await LeaderLease.IsHeldAsync(connection, keys, cancellationToken))
            {
                throw new CliException(ExitCodes.NoOrchestrator,
                    $"No orchestrator holds the leader lease of cluster {cluster}, so nothing would restart shard {shardId}. Start one (`alyx orchestrator run`), then retry.");
            }

            await new RestartRequests(connection, keys).RequestAsync(shardId);
            await output.WriteLineAsync($"cluster {cluster}: restart of shard {shardId} requested; the orchestrator replaces its task on its next pass");
            return ExitCodes.Success;
        });
}

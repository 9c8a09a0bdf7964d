using Alyx.Cli.Common;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Reconcile;

namespace Alyx.Cli.Shards;

/// <summary>Runs <c>alyx shards restart</c>: requests that the leader replace one shard's task.</summary>
public sealed class ShardsRestartHandler(TextWriter output, TextWriter error)
{
    /// <summary>Requests the restart; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(string cluster, string? redis, string shard, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx shards restart", error, async () =>
        {
            if (!int.TryParse(shard, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shardId))
            {
                throw new CliException(ExitCodes.InvalidInput, $"Shard id '{shard}' is invalid: use a whole number from 0.");
            }

            var keys = ClusterName.Keys(cluster);
            await using var connection = await CommandRunner.ConnectAsync(redis);
            var status = await new RedisClusterStateStore(connection, keys).ReadStatusAsync(cancellationToken);
            if (status is null || shardId >= status.ShardCount)
            {
                var range = status is null || status.ShardCount == 0 ? "the cluster runs no shards" : $"the cluster runs shards 0 to {status.ShardCount - 1}";
                throw new CliException(ExitCodes.NotFound, $"Shard {shardId} not found: {range}. See `alyx shards status`.");
            }

            await new RestartRequests(connection, keys).RequestAsync(shardId);
            await output.WriteLineAsync($"cluster {cluster}: restart of shard {shardId} requested; the orchestrator replaces its task on its next pass");
            return ExitCodes.Success;
        });
}

using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Coordination.Events;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using StackExchange.Redis;

namespace Alyx.Cli.Events;

/// <summary>Runs <c>alyx events</c>: prints the newest events, then with --follow each new one.</summary>
public sealed class EventsHandler(TextWriter output, TextWriter error)
{
    /// <summary>Prints events; returns one of <see cref="ExitCodes"/>.</summary>
    public Task<int> RunAsync(string cluster, string? redis, int count, bool follow, bool json, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx events", error, async () =>
        {
            if (count < 1)
            {
                throw new CliException(ExitCodes.InvalidInput, $"--count {count} is invalid: use a whole number from 1.");
            }

            var keys = ClusterName.Keys(cluster);
            await using var connection = await CommandRunner.ConnectAsync(redis);
            var log = new RedisEventLog(connection, keys, new EventLogOptions { FollowPollInterval = TimeSpan.FromMilliseconds(500) }, TimeProvider.System);
            var latest = await log.ReadLatestAsync(count, cancellationToken);
            if (latest.Count == 0 && !await ClusterExistsAsync(connection, keys, cancellationToken))
            {
                if (!follow)
                {
                    throw new CliException(ExitCodes.NotFound, $"Cluster '{cluster}' has no spec or status in this Redis. Check --cluster, or create it with `alyx shards scale --count N --create`.");
                }

                // A cluster that starts later is a normal thing to follow, so this is a notice and not an error.
                await error.WriteLineAsync($"alyx events: cluster '{cluster}' has no spec or status yet; its events will appear here when it starts.");
            }

            string? lastId = null;
            foreach (var operatorEvent in latest)
            {
                await WriteAsync(operatorEvent, json);
                lastId = operatorEvent.Id;
            }

            if (!follow)
            {
                return ExitCodes.Success;
            }

            try
            {
                await foreach (var operatorEvent in log.FollowAsync(lastId ?? "0-0", cancellationToken))
                {
                    await WriteAsync(operatorEvent, json);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends --follow normally.
            }

            return ExitCodes.Success;
        });

    private static async Task<bool> ClusterExistsAsync(IConnectionMultiplexer connection, ClusterKeys keys, CancellationToken cancellationToken)
    {
        var store = new RedisClusterStateStore(connection, keys);
        return await store.ReadSpecAsync(cancellationToken) is not null || await store.ReadStatusAsync(cancellationToken) is not null;
    }

    private Task WriteAsync(OperatorEvent operatorEvent, bool json)
    {
        if (!json)
        {
            var shard = operatorEvent.ShardId is { } id ? $" shard {id}" : "";
            return output.WriteLineAsync($"{operatorEvent.Timestamp:O} {operatorEvent.Type} {operatorEvent.Reason}{shard}: {operatorEvent.Message}");
        }

        var line = new JsonObject
        {
            ["id"] = operatorEvent.Id,
            ["timestamp"] = operatorEvent.Timestamp.ToString("O"),
            ["type"] = operatorEvent.Type,
            ["reason"] = operatorEvent.Reason,
            ["message"] = operatorEvent.Message,
            ["shardSet"] = operatorEvent.ShardSetEpoch,
            ["shard"] = operatorEvent.ShardId,
            ["task"] = operatorEvent.TaskId,
        };
        return output.WriteLineAsync(line.ToJsonString());
    }
}

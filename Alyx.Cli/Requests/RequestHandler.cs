using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Sharding;
using Alyx.Cli.Common;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Cli.Requests;

/// <summary>
/// Runs <c>alyx request</c>: sends a request through the cluster's Redis messaging transport to one shard, the shard
/// of a guild, or every shard, and prints one result per shard.
/// </summary>
public sealed class RequestHandler(TextWriter output, TextWriter error)
{
    /// <summary>Sends the request; returns <see cref="ExitCodes.Success"/> when every reply is ok, <see cref="ExitCodes.Failure"/> otherwise.</summary>
    public Task<int> RunAsync(RequestSettings settings, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("alyx request", error, async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var (target, data) = Validate(settings);
            var keys = ClusterName.Keys(settings.Cluster);
            await using var connection = await CommandRunner.ConnectAsync(settings.Redis);
            var status = await new RedisClusterStateStore(connection, keys).ReadStatusAsync(cancellationToken);
            if (status is null || status.ShardCount == 0)
            {
                throw new CliException(ExitCodes.NotFound, $"Cluster '{settings.Cluster}' runs no shards, so no shard can reply. See `alyx shards status`.");
            }

            if (target?.ShardId is { } shard && shard >= status.ShardCount)
            {
                throw new CliException(ExitCodes.NotFound, $"Shard {shard} not found: the cluster runs shards 0 to {status.ShardCount - 1}.");
            }

            var transport = new RedisMessageTransport(connection, keys, new RedisTransportOptions(), NullLogger<RedisMessageTransport>.Instance);
            await using var messenger = new Messenger(
                MessengerEndpoint.ForClient("cli-" + Guid.NewGuid().ToString("N")),
                transport,
                new StaticRouteTable(status.ShardCount, status.ActiveShardSetEpoch),
                new RedisPayloadStore(connection, keys),
                new MessengerOptions(),
                TimeProvider.System,
                NullLogger<Messenger>.Instance);
            await messenger.StartAsync(cancellationToken);
            var results = target is null
                ? await BroadcastAsync(messenger, settings, data, cancellationToken)
                : [await RequestOneAsync(messenger, target, ShardOf(target, status.ShardCount), settings, data, cancellationToken)];
            await WriteAsync(results, settings.Json);
            return results.All(result => (string?)result["status"] == "ok") ? ExitCodes.Success : ExitCodes.Failure;
        });

    private static (MessageTarget? Target, JsonElement Data) Validate(RequestSettings settings)
    {
        var targets = (settings.Shard is null ? 0 : 1) + (settings.Guild is null ? 0 : 1) + (settings.All ? 1 : 0);
        if (targets != 1)
        {
            throw new CliException(ExitCodes.InvalidInput, "Pass exactly one of --shard K, --guild G and --all.");
        }

        if (settings.Timeout <= TimeSpan.Zero)
        {
            throw new CliException(ExitCodes.InvalidInput, $"--timeout {settings.Timeout.TotalSeconds} is invalid: use a positive number of seconds.");
        }

        if (string.IsNullOrWhiteSpace(settings.Route))
        {
            throw new CliException(ExitCodes.InvalidInput, "--route is missing: name the messenger route, such as alyx.ping.");
        }

        if (!EnvelopeCodec.IsValidRoute(settings.Route))
        {
            throw new CliException(
                ExitCodes.InvalidInput,
                $"--route '{settings.Route}' is invalid: use 1 to 128 letters, digits, '.', '-', '_' or '/', such as alyx.ping.");
        }

        JsonElement data;
        try
        {
            data = JsonDocument.Parse(settings.Data).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, $"--data is not valid JSON ({exception.Message}); pass an object such as '{{}}'.", exception);
        }

        MessageTarget? target = null;
        if (settings.Shard is { } shard)
        {
            target = shard >= 0
                ? MessageTarget.Shard(shard)
                : throw new CliException(ExitCodes.InvalidInput, $"--shard {shard} is invalid: use a whole number from 0.");
        }
        else if (settings.Guild is { } guild)
        {
            target = ulong.TryParse(guild, NumberStyles.None, CultureInfo.InvariantCulture, out var guildId)
                ? MessageTarget.Guild(guildId)
                : throw new CliException(ExitCodes.InvalidInput, $"--guild '{guild}' is invalid: use a guild id (a snowflake, digits only).");
        }

        return (target, data);
    }

    // A guild's shard follows Discord's formula over the active set's count, the same one the messenger routes by.
    private static int ShardOf(MessageTarget target, int shardCount) =>
        target.ShardId ?? ShardMath.ShardIdForGuild(target.GuildId!.Value, shardCount);

    private static async Task<JsonObject> RequestOneAsync(
        Messenger messenger, MessageTarget target, int shardId, RequestSettings settings, JsonElement data, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = new JsonObject { ["shard"] = shardId };
        if (target.GuildId is { } guildId)
        {
            result["guild"] = guildId.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            var value = await messenger.RequestAsync<JsonElement, JsonElement>(target, settings.Route, data, settings.Timeout, cancellationToken);
            result["status"] = "ok";
            result["value"] = JsonNode.Parse(value.GetRawText());
        }
        catch (RequestTimeoutException exception)
        {
            result["status"] = "timeout";
            result["error"] = exception.Message;
        }
        catch (RequestFaultedException exception)
        {
            result["status"] = "failed";
            result["error"] = exception.Message;
        }

        result["elapsedMs"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        return result;
    }

    private static async Task<List<JsonObject>> BroadcastAsync(Messenger messenger, RequestSettings settings, JsonElement data, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var broadcast = await messenger.BroadcastAsync<JsonElement, JsonElement>(settings.Route, data, settings.Timeout, cancellationToken);
        var elapsed = Math.Round(clock.Elapsed.TotalMilliseconds, 1);

        // NOTE: the broadcast reports one time for all replies, so elapsedMs is the same on every row.
        return [.. broadcast.Replies.OrderBy(reply => reply.ShardId).Select(reply => new JsonObject
        {
            ["shard"] = reply.ShardId,
            ["status"] = reply.Status switch
            {
                ShardReplyStatus.Ok => "ok",
                ShardReplyStatus.TimedOut => "timeout",
                ShardReplyStatus.NotOwned => "restarting",
                _ => "failed",
            },
            ["value"] = reply.IsOk ? JsonNode.Parse(reply.Value.GetRawText()) : null,
            ["error"] = reply.Error,
            ["elapsedMs"] = elapsed,
        })];
    }

    private async Task WriteAsync(List<JsonObject> results, bool json)
    {
        if (json)
        {
            var array = new JsonArray([.. results]);
            await output.WriteLineAsync(new JsonObject { ["results"] = array }.ToJsonString());
            return;
        }

        foreach (var result in results)
        {
            var detail = result["value"]?.ToJsonString() ?? (string?)result["error"] ?? "";
            var guild = result["guild"] is { } id ? $" (guild {(string?)id})" : "";
            await output.WriteLineAsync($"shard {result["shard"]?.ToJsonString()}{guild}  {(string?)result["status"]}  {(double?)result["elapsedMs"]:0.0} ms  {detail}");
        }
    }
}

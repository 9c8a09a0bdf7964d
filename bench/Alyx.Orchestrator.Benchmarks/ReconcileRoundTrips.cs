using System.Diagnostics;
using System.Globalization;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Spec;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Benchmarks;

/// <summary>
/// Runs converged reconcile passes against Redis and counts, per pass, the requests the orchestrator's connection sent
/// (round trips, from the connection's operation counter), the commands Redis executed (INFO
/// <c>total_commands_processed</c>, which includes the commands a Lua script calls), and the process's CPU time.
/// The launcher and <c>GET /gateway/bot</c> are in memory, so only Redis is on the wire.
/// </summary>
internal static class ReconcileRoundTrips
{
    public static async Task<int> RunAsync(string[] args)
    {
        var endpoint = Value(args, "--redis") ?? throw new ArgumentException("roundtrips needs --redis host:port.");
        var shards = int.Parse(Value(args, "--shards") ?? "5000", CultureInfo.InvariantCulture);
        var passes = int.Parse(Value(args, "--passes") ?? "20", CultureInfo.InvariantCulture);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(endpoint + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var time = TimeProvider.System;
        var keys = new ClusterKeys("roundtrips-" + Guid.NewGuid().ToString("N")[..8]);
        var state = new RedisClusterStateStore(connection, keys);
        await state.WriteSpecAsync(new ClusterSpec(shards, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        await state.WriteStatusAsync(new ClusterStatus(1, 1, shards, [], [], time.GetUtcNow()), 1, CancellationToken.None);
        var heartbeats = new RedisHeartbeatStore(connection, keys);
        var tasks = new List<ShardTask>(shards);
        for (var shard = 0; shard < shards; shard++)
        {
            var taskId = $"bench-1-{shard}-0";
            tasks.Add(new ShardTask(taskId, 1, shard, shards, time.GetUtcNow(), null));
            await heartbeats.ReportAsync(new ShardHeartbeat(1, shard, taskId, shard + 1, ShardPhase.Ready, 1000, TimeSpan.FromMilliseconds(40), null), CancellationToken.None);
        }

        using var http = new HttpClient(new GatewayBotHandler(shards));
        var rest = new DiscordRestClient(http, new DiscordRestOptions { BaseUrl = new Uri("http://127.0.0.1:1/api/v10/"), Token = "bench" });
        using var gateway = new GatewayBotCache(rest, TimeSpan.FromDays(1), time);
        var options = new OrchestratorOptions { Cluster = keys.Cluster, HeartbeatTimeout = TimeSpan.FromDays(1) };
        var reconciler = new ShardReconciler(
            options, state, new ListedTasksLauncher(tasks), heartbeats, gateway, new RedisEventLog(connection, keys, new EventLogOptions(), time),
            time, NullLogger.Instance, new RestartRequests(connection, keys));

        // The first pass records every shard's Ready event; the measured passes are the steady state.
        await reconciler.ReconcileAsync(1, CancellationToken.None);
        var commandsBefore = await CommandsAsync(server);
        var operationsBefore = connection.OperationCount;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            await reconciler.ReconcileAsync(1, CancellationToken.None);
        }

        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var operations = connection.OperationCount - operationsBefore;

        // The INFO call that reads the counter after the passes counts one command itself.
        var commands = await CommandsAsync(server) - commandsBefore - 1;
        Console.WriteLine("| shards | passes | round trips per pass | Redis commands per pass | CPU time per pass | wall time per pass |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {shards} | {passes} | {(double)operations / passes:0.0} | {(double)commands / passes:0.0} | {cpu.TotalMilliseconds / passes:0.0} ms | {elapsed.TotalMilliseconds / passes:0.0} ms |"));

        // The benchmark's keys share its cluster prefix; a standalone server allows deleting them by pattern.
        await connection.GetDatabase().ScriptEvaluateAsync(
            "for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end", [], [keys.Root + "*"]);
        return 0;
    }

    private static async Task<long> CommandsAsync(IServer server)
    {
        var info = await server.InfoAsync("stats");
        return long.Parse(info.SelectMany(group => group).First(pair => pair.Key == "total_commands_processed").Value, CultureInfo.InvariantCulture);
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

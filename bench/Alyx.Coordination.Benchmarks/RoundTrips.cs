using System.Diagnostics;
using System.Globalization;
using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using StackExchange.Redis;

namespace Alyx.Coordination.Benchmarks;

/// <summary>
/// Counts, per coordination operation, the requests the client sent (round trips, from the connection's operation
/// counter) and the commands Redis executed (from <c>total_commands_processed</c>, which includes the commands a
/// Lua script calls), and the mean latency of one call made after the previous one returned. Each operation runs
/// 1,000 times; the INFO calls that read the server counter are subtracted.
/// </summary>
internal static class RoundTrips
{
    private const int Repeats = 1000;

    public static async Task RunAsync()
    {
        await using var connection = BenchRedis.Connect();
        var server = connection.GetServers()[0];
        var leases = new RedisLeaseStore(connection, BenchRedis.NewCluster("trips"), TimeSpan.Zero);
        var gate = new RedisIdentifyGate(connection, BenchRedis.NewCluster("trips"), new IdentifyGateOptions { Window = TimeSpan.FromMilliseconds(1), Reserve = 0 }, TimeProvider.System);
        await gate.SetBudgetAsync(new SessionStartBudget(int.MaxValue, int.MaxValue, DateTimeOffset.UtcNow.AddDays(1), int.MaxValue), CancellationToken.None);
        var token = (await leases.TryAcquireAsync("shard:0:0", "bench", TimeSpan.FromMinutes(1), CancellationToken.None)).FencingToken;
        var shard = 0;

        Console.WriteLine("| operation | round trips | Redis commands executed | mean latency |");
        Console.WriteLine("| --- | --- | --- | --- |");
        await MeasureAsync(connection, server, "lease renew", () => leases.RenewAsync("shard:0:0", "bench", token, TimeSpan.FromMinutes(1), CancellationToken.None));
        await MeasureAsync(connection, server, "lease acquire (held by another)", () => leases.TryAcquireAsync("shard:0:0", "other", TimeSpan.FromMinutes(1), CancellationToken.None));
        await MeasureAsync(connection, server, "lease read all (1 lease)", () => leases.ReadAllAsync(CancellationToken.None));
        await MeasureAsync(connection, server, "identify grant (no wait)", async () => await gate.WaitForTurnAsync(++shard, CancellationToken.None));
    }

    private static async Task MeasureAsync(ConnectionMultiplexer connection, IServer server, string operation, Func<Task> run)
    {
        await run();
        var commandsBefore = await CommandsAsync(server);
        var requestsBefore = connection.GetCounters().Interactive.OperationCount;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Repeats; i++)
        {
            await run();
        }

        var latency = Stopwatch.GetElapsedTime(started) / Repeats;
        var requestsAfter = connection.GetCounters().Interactive.OperationCount;
        var commandsAfter = await CommandsAsync(server);
        var roundTrips = (requestsAfter - requestsBefore) / (double)Repeats;
        var commands = (commandsAfter - commandsBefore - 1) / (double)Repeats;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {roundTrips:0.00} | {commands:0.00} | {latency.TotalMicroseconds:0} µs |"));
    }

    private static async Task<long> CommandsAsync(IServer server)
    {
        var stats = await server.InfoAsync("stats");
        var value = stats.SelectMany(group => group).First(pair => pair.Key == "total_commands_processed").Value;
        return long.Parse(value, CultureInfo.InvariantCulture);
    }
}

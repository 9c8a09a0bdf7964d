using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Identify;
using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace Alyx.Coordination.Benchmarks;

/// <summary>
/// The gate's own cost per grant: every shard gets its own bucket (max_concurrency far above the shard ids) so no
/// grant waits for a window, and the budget is effectively unlimited.
/// </summary>
[MemoryDiagnoser]
public class IdentifyGateBenchmarks
{
    private const int InFlight = 64;
    private ConnectionMultiplexer _connection = null!; // Set in GlobalSetup.
    private IClusterIdentifyGate _gate = null!; // Set in GlobalSetup.
    private int _nextShard;

    [Params("redis", "in-memory")]
    public string Store { get; set; } = "redis";

    [GlobalSetup]
    public void Setup()
    {
        _connection = BenchRedis.Connect();
        var options = new IdentifyGateOptions { Window = TimeSpan.FromMilliseconds(1), Reserve = 0 };
        _gate = Store == "redis"
            ? new RedisIdentifyGate(_connection, BenchRedis.NewCluster("gate"), options, TimeProvider.System)
            : new InMemoryIdentifyGate(options, TimeProvider.System);
        _gate.SetBudgetAsync(new SessionStartBudget(int.MaxValue, int.MaxValue, DateTimeOffset.UtcNow.AddDays(1), int.MaxValue), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark(Description = "grant, one at a time")]
    public ValueTask<IdentifyGrant> Grant() => _gate.WaitForTurnAsync(Interlocked.Increment(ref _nextShard), CancellationToken.None);

    [Benchmark(Description = "grant, 64 in flight", OperationsPerInvoke = InFlight)]
    public Task GrantInFlight()
    {
        var grants = new Task<IdentifyGrant>[InFlight];
        for (var i = 0; i < InFlight; i++)
        {
            grants[i] = _gate.WaitForTurnAsync(Interlocked.Increment(ref _nextShard), CancellationToken.None).AsTask();
        }

        return Task.WhenAll(grants);
    }
}

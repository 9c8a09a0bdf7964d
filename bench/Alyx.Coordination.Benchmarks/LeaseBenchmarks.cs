using Alyx.Coordination.Leases;
using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace Alyx.Coordination.Benchmarks;

/// <summary>Lease renew and acquire/release against Redis and in memory, one at a time and 64 in flight.</summary>
[MemoryDiagnoser]
public class LeaseBenchmarks
{
    private const int InFlight = 64;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private ConnectionMultiplexer _connection = null!; // Set in GlobalSetup.
    private ILeaseStore _store = null!; // Set in GlobalSetup.
    private long[] _tokens = [];

    [Params("redis", "in-memory")]
    public string Store { get; set; } = "redis";

    [GlobalSetup]
    public void Setup()
    {
        _connection = BenchRedis.Connect();
        _store = Store == "redis"
            ? new RedisLeaseStore(_connection, BenchRedis.NewCluster("lease"), TimeSpan.Zero)
            : new InMemoryLeaseStore(TimeProvider.System);
        _tokens = new long[InFlight];
        for (var i = 0; i < InFlight; i++)
        {
            _tokens[i] = _store.TryAcquireAsync(LeaseNames.Shard(0, i), $"task-{i}", Ttl, CancellationToken.None).GetAwaiter().GetResult().FencingToken;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark(Description = "renew, one at a time")]
    public Task<bool> Renew() => _store.RenewAsync(LeaseNames.Shard(0, 0), "task-0", _tokens[0], Ttl, CancellationToken.None);

    [Benchmark(Description = "renew, 64 in flight", OperationsPerInvoke = InFlight)]
    public Task RenewInFlight()
    {
        var renewals = new Task<bool>[InFlight];
        for (var i = 0; i < InFlight; i++)
        {
            renewals[i] = _store.RenewAsync(LeaseNames.Shard(0, i), $"task-{i}", _tokens[i], Ttl, CancellationToken.None);
        }

        return Task.WhenAll(renewals);
    }

    [Benchmark(Description = "acquire + release")]
    public async Task AcquireRelease()
    {
        var result = await _store.TryAcquireAsync("shard:9:9", "bench", Ttl, CancellationToken.None);
        await _store.ReleaseAsync("shard:9:9", "bench", result.FencingToken, CancellationToken.None);
    }
}

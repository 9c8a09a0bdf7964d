using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Benchmarks;

/// <summary>The Redis server the benchmarks run against: ALYX_BENCH_REDIS, else ALYX_TEST_REDIS, else 127.0.0.1:6379.</summary>
internal static class BenchRedis
{
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("ALYX_BENCH_REDIS")
        ?? Environment.GetEnvironmentVariable("ALYX_TEST_REDIS")
        ?? "127.0.0.1:6379";

    /// <summary>Connects with the production settings, plus admin mode so the round-trip count can read INFO.</summary>
    public static ConnectionMultiplexer Connect()
    {
        var configuration = RedisConnectionFactory.CreateConfiguration(new RedisCoordinationOptions { Endpoints = Endpoint });
        configuration.AllowAdmin = true;
        return ConnectionMultiplexer.Connect(configuration);
    }

    public static ClusterKeys NewCluster(string name) => new($"bench-{name}-{Guid.NewGuid():N}");
}

using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Messaging.Benchmarks;

/// <summary>
/// Request/reply latency and throughput and a broadcast to 64 shards, per transport, with every messenger in this
/// process talking over loopback.
/// </summary>
public class MessengerBenchmarks
{
    private const int ShardCount = 64;
    private const int ConcurrentRequests = 32;
    private readonly List<Messenger> _shards = [];
    private BenchmarkTransports? _transports;
    private Messenger? _client;

    [ParamsSource(nameof(TransportNames))]
    public string Transport { get; set; } = "in-memory";

    public static IEnumerable<string> TransportNames => BenchmarkTransports.Names;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _transports = new BenchmarkTransports();
        await _transports.PrepareAsync(Transport);
        var routes = new StaticRouteTable(ShardCount);
        var options = new MessengerOptions { DefaultTimeout = TimeSpan.FromSeconds(30) };
        for (var shardId = 0; shardId < ShardCount; shardId++)
        {
            var shard = NewMessenger(MessengerEndpoint.ForShard(0, shardId), routes, options);
            shard.Handle<int, int>("echo", (value, _, _) => ValueTask.FromResult(value));
            await shard.StartAsync(CancellationToken.None);
            _shards.Add(shard);
        }

        _client = NewMessenger(MessengerEndpoint.ForClient("bench"), routes, options);
        await _client.StartAsync(CancellationToken.None);

        // One round trip per shard, so queues, groups and subscriptions exist before measuring.
        await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shardId => _client.RequestAsync<int, int>(MessageTarget.Shard(shardId), "echo", shardId)));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await Task.WhenAll(_shards.Select(shard => shard.DisposeAsync().AsTask()).Append(_client!.DisposeAsync().AsTask()));
        _shards.Clear();
        await _transports!.DisposeAsync();
    }

    /// <summary>One request to one shard and its reply.</summary>
    [Benchmark]
    public Task<int> RequestReply() => _client!.RequestAsync<int, int>(MessageTarget.Shard(1), "echo", 7);

    /// <summary>32 requests in flight at once, spread over the shards; the time is per request.</summary>
    [Benchmark(OperationsPerInvoke = ConcurrentRequests)]
    public Task RequestReplyConcurrent() =>
        Task.WhenAll(Enumerable.Range(0, ConcurrentRequests)
            .Select(index => _client!.RequestAsync<int, int>(MessageTarget.Shard(index % ShardCount), "echo", index)));

    /// <summary>One broadcast to 64 shards until every shard replied.</summary>
    [Benchmark]
    public async Task<int> Broadcast64()
    {
        var result = await _client!.BroadcastAsync<int, int>("echo", 1);
        return result.AllOk
            ? result.Replies.Count
            : throw new InvalidOperationException($"Broadcast {result.CorrelationId} got only {result.Values.Count()} of {ShardCount} replies.");
    }

    private Messenger NewMessenger(MessengerEndpoint endpoint, IRouteTable routes, MessengerOptions options) =>
        new(endpoint, _transports!.NewTransport(Transport), routes, _transports.PayloadStore, options, TimeProvider.System,
            NullLogger<Messenger>.Instance);
}

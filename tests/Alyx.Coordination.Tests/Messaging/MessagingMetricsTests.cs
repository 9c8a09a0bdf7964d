using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class MessagingMetricsTests : IAsyncLifetime
{
    private readonly InMemoryMessageTransport _transport = new();
    private MessagingTestCluster? _cluster;

    public Task InitializeAsync()
    {
        _cluster = new MessagingTestCluster(() => _transport, new CountingPayloadStore(new InMemoryPayloadStore()), shardCount: 2);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cluster!.DisposeAsync();

    [Fact]
    public async Task RequestAsync_Reply_RecordsOkDuration()
    {
        using var collector = new MetricCollector<double>(null, MessagingMetrics.MeterName, MessagingMetrics.RequestDurationName);
        var route = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var shard = await _cluster!.StartShardAsync(0);
        shard.Handle<int, int>(route, (value, _, _) => ValueTask.FromResult(value));
        var client = await _cluster.StartClientAsync();

        await client.RequestAsync<int, int>(MessageTarget.Shard(0), route, 1);

        var measurement = Assert.Single(collector.GetMeasurementSnapshot(), m => Equals(m.Tags["route"], route));
        Assert.Equal("ok", measurement.Tags["outcome"]);
        Assert.True(measurement.Value >= 0);
    }

    [Fact]
    public async Task RequestAsync_Timeout_RecordsTimeoutOutcome()
    {
        using var collector = new MetricCollector<double>(null, MessagingMetrics.MeterName, MessagingMetrics.RequestDurationName);
        var route = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var client = await _cluster!.StartClientAsync();

        await Assert.ThrowsAsync<RequestTimeoutException>(
            () => client.RequestAsync<int, int>(MessageTarget.Shard(1), route, 1, TimeSpan.FromMilliseconds(100)));

        var measurement = Assert.Single(collector.GetMeasurementSnapshot(), m => Equals(m.Tags["route"], route));
        Assert.Equal("timeout", measurement.Tags["outcome"]);
    }
}

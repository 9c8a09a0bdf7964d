using Alyx.Aws.CloudWatch;

namespace Alyx.Aws.Tests.CloudWatch;

/// <summary>The behaviour every <see cref="IMetricSink"/> must have, run against each implementation.</summary>
public abstract class MetricSinkContractTests
{
    protected static readonly IReadOnlyList<CloudWatchDimension> Dimensions = [new("Cluster", "bots"), new("ShardId", "3")];

    /// <summary>Creates the sink under test.</summary>
    protected abstract IMetricSink CreateSink();

    /// <summary>Reads back the totals of one metric with <see cref="Dimensions"/> published through the sink.</summary>
    protected abstract Task<MetricTotals> ReadBackAsync(string metricNamespace, string metricName, DateTimeOffset timestamp);

    [Fact]
    public async Task Publish_RepeatedSamples_AreAllCounted()
    {
        var metricNamespace = "Alyx/" + MotoAws.UniqueName("sink");
        var timestamp = DateTimeOffset.UtcNow;
        var batch = new MetricBatch(metricNamespace, Dimensions, [
            new("GatewayLatency", 40, CloudWatchUnit.Milliseconds),
            new("Guilds", 1200, CloudWatchUnit.Count),
            new("GatewayLatency", 60, CloudWatchUnit.Milliseconds),
        ]) { Timestamp = timestamp };

        await CreateSink().PublishAsync(batch);
        var latency = await ReadBackAsync(metricNamespace, "GatewayLatency", timestamp);
        var guilds = await ReadBackAsync(metricNamespace, "Guilds", timestamp);

        Assert.Equal(100.0, latency.Sum);
        Assert.Equal(2.0, latency.SampleCount);
        Assert.Equal(1200.0, guilds.Sum);
    }

    [Fact]
    public async Task Publish_InfiniteValue_ThrowsArgumentException()
    {
        var batch = new MetricBatch("Alyx", Dimensions, [new("GatewayLatency", double.PositiveInfinity, CloudWatchUnit.Milliseconds)]);

        await Assert.ThrowsAsync<ArgumentException>(() => CreateSink().PublishAsync(batch));
    }

    [Fact]
    public async Task Publish_UnknownUnit_ThrowsArgumentException()
    {
        var batch = new MetricBatch("Alyx", Dimensions, [new("GatewayLatency", 1, "Fortnights")]);

        await Assert.ThrowsAsync<ArgumentException>(() => CreateSink().PublishAsync(batch));
    }
}

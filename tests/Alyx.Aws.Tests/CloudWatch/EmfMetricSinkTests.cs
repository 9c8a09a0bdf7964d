using System.Text.Json;
using Alyx.Aws.CloudWatch;

namespace Alyx.Aws.Tests.CloudWatch;

public sealed class EmfMetricSinkTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void Format_OneBatch_WritesTheDocumentedShape()
    {
        var batch = new MetricBatch("Alyx", [new("Cluster", "bots"), new("ShardId", "3")], [new("GatewayLatency", 42, CloudWatchUnit.Milliseconds)]);

        var line = Assert.Single(EmfMetricSink.Format(batch, At));

        Assert.Equal(
            """{"_aws":{"Timestamp":1767323045678,"CloudWatchMetrics":[{"Namespace":"Alyx","Dimensions":[["Cluster","ShardId"]],"Metrics":[{"Name":"GatewayLatency","Unit":"Milliseconds"}]}]},"Cluster":"bots","ShardId":"3","GatewayLatency":42}""",
            line);
    }

    [Fact]
    public void Format_RepeatedName_WritesValueArray()
    {
        var batch = new MetricBatch("Alyx", [], [new("Latency", 1), new("Latency", 2.5)]);

        var line = Assert.Single(EmfMetricSink.Format(batch, At));

        Assert.EndsWith("\"Latency\":[1,2.5]}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_150Metrics_SplitsIntoTwoLines()
    {
        var samples = Enumerable.Range(0, 150).Select(i => new MetricSample($"M{i}", i)).ToList();
        var batch = new MetricBatch("Alyx", [new("Cluster", "bots")], samples);

        var lines = EmfMetricSink.Format(batch, At);

        Assert.Equal(2, lines.Count);
        var counts = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength());
        Assert.Equal([100, 50], counts);
        Assert.All(lines, l => Assert.Equal("bots", JsonDocument.Parse(l).RootElement.GetProperty("Cluster").GetString()));
    }

    [Fact]
    public void Format_250Values_SplitsIntoThreeLines()
    {
        var batch = new MetricBatch("Alyx", [], Enumerable.Range(0, 250).Select(i => new MetricSample("Latency", i)).ToList());

        var lines = EmfMetricSink.Format(batch, At);

        var lengths = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Latency").GetArrayLength());
        Assert.Equal([100, 100, 50], lengths);
    }

    [Fact]
    public void Format_MetricNamedLikeDimension_Throws()
    {
        var batch = new MetricBatch("Alyx", [new("ShardId", "3")], [new("ShardId", 1)]);

        var error = Assert.Throws<ArgumentException>(() => EmfMetricSink.Format(batch, At));

        Assert.Contains("'ShardId'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_NoTimestamp_UsesTheClock()
    {
        using var output = new StringWriter();
        using var sink = new EmfMetricSink(output, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At));

        await sink.PublishAsync(new MetricBatch("Alyx", [], [new("Up", 1)]));

        var timestamp = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("_aws").GetProperty("Timestamp").GetInt64();
        Assert.Equal(At.ToUnixTimeMilliseconds(), timestamp);
    }
}

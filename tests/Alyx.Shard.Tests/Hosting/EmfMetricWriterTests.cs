using System.Text.Json;
using Alyx.Shard.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Shard.Tests.Hosting;

public sealed class EmfMetricWriterTests
{
    [Fact]
    public void Write_Metrics_ProducesOneEmfLineWithDimensions()
    {
        using var output = new StringWriter();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        var writer = new EmfMetricWriter(output, time, "prod", 7);

        writer.Write([("GatewayLatency", "Milliseconds", 41.5), ("Guilds", "Count", 1000), ("IdentifyWait", "Milliseconds", null)]);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Alyx", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["Cluster", "ShardId"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, directive.GetProperty("Metrics").GetArrayLength());
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), root.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        Assert.Equal("prod", root.GetProperty("Cluster").GetString());
        Assert.Equal("7", root.GetProperty("ShardId").GetString());
        Assert.Equal(41.5, root.GetProperty("GatewayLatency").GetDouble());
        Assert.False(root.TryGetProperty("IdentifyWait", out _));
    }
}

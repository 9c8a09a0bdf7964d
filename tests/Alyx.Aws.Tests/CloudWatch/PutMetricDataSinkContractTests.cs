using Alyx.Aws.CloudWatch;

namespace Alyx.Aws.Tests.CloudWatch;

/// <summary>Runs the sink contract through PutMetricData against moto_server and reads back with GetMetricStatistics.</summary>
public sealed class PutMetricDataSinkContractTests : MetricSinkContractTests, IDisposable
{
    private readonly CloudWatchClient _client = new(MotoAws.Options);

    public void Dispose() => _client.Dispose();

    protected override IMetricSink CreateSink() => new PutMetricDataSink(_client);

    protected override Task<MetricTotals> ReadBackAsync(string metricNamespace, string metricName, DateTimeOffset timestamp) =>
        MotoCloudWatch.GetTotalsAsync(metricNamespace, metricName, Dimensions, timestamp);
}

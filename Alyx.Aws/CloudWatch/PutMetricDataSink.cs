namespace Alyx.Aws.CloudWatch;

/// <summary>
/// Publishes metrics with the PutMetricData API, for deployments whose logs do not reach CloudWatch Logs (where EMF
/// lines would go unread). Each sample becomes one datum with the batch's dimensions and timestamp.
/// </summary>
public sealed class PutMetricDataSink(ICloudWatchClient client, TimeProvider? timeProvider = null) : IMetricSink
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task PublishAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var timestamp = batch.Timestamp ?? _time.GetUtcNow();
        var data = batch.Samples
            .Select(s => new CloudWatchMetricDatum(s.Name) { Dimensions = batch.Dimensions, Timestamp = timestamp, Value = s.Value, Unit = s.Unit })
            .ToList();
        await client.PutMetricDataAsync(batch.Namespace, data, cancellationToken);
    }
}

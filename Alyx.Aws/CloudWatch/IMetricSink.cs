namespace Alyx.Aws.CloudWatch;

/// <summary>
/// Where metrics go: <see cref="EmfMetricSink"/> writes CloudWatch Embedded Metric Format lines to stdout (on Fargate
/// the awslogs driver turns them into metrics), <see cref="PutMetricDataSink"/> calls PutMetricData.
/// </summary>
public interface IMetricSink
{
    /// <summary>Publishes one batch.</summary>
    /// <exception cref="ArgumentException">The batch breaks a CloudWatch limit (names, units, non-finite values).</exception>
    Task PublishAsync(MetricBatch batch, CancellationToken cancellationToken = default);
}

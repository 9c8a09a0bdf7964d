namespace Alyx.Aws.CloudWatch;

/// <summary>The Amazon CloudWatch calls Alyx makes. Failures throw <see cref="Http.AwsServiceException"/> subclasses.</summary>
public interface ICloudWatchClient
{
    /// <summary>
    /// Publishes metric data, split into as many calls as the limits need (1000 datums and 1 MB per call).
    /// </summary>
    /// <param name="metricNamespace">The namespace, such as <c>Alyx</c>; up to 255 characters and not starting with <c>AWS/</c>.</param>
    /// <param name="data">The datums.</param>
    /// <param name="cancellationToken">Cancels the remaining calls.</param>
    /// <returns>The number of PutMetricData calls made.</returns>
    Task<int> PutMetricDataAsync(string metricNamespace, IReadOnlyList<CloudWatchMetricDatum> data, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of metric alarms.</summary>
    Task<CloudWatchAlarmsPage> DescribeAlarmsAsync(CloudWatchDescribeAlarmsRequest request, CancellationToken cancellationToken = default);
}

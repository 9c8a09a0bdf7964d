namespace Alyx.Aws.CloudWatch;

/// <summary>Samples that share a namespace, a dimension set and (optionally) a timestamp.</summary>
/// <param name="Namespace">The CloudWatch namespace, such as <c>Alyx</c>.</param>
/// <param name="Dimensions">Up to 30 dimensions, such as Cluster and ShardId, in the order they are written.</param>
/// <param name="Samples">The samples; a name may repeat, and each occurrence is one value.</param>
public sealed record MetricBatch(string Namespace, IReadOnlyList<CloudWatchDimension> Dimensions, IReadOnlyList<MetricSample> Samples)
{
    /// <summary>When the samples were taken; null is the sink's current time.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

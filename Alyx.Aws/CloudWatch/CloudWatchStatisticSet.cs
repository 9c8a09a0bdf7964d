namespace Alyx.Aws.CloudWatch;

/// <summary>Pre-aggregated samples of one metric in one period.</summary>
public sealed record CloudWatchStatisticSet(double SampleCount, double Sum, double Minimum, double Maximum);

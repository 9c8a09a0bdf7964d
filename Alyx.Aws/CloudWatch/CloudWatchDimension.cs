namespace Alyx.Aws.CloudWatch;

/// <summary>A metric dimension, such as <c>ShardId=3</c>. Names and values have 1 to 255 characters.</summary>
public sealed record CloudWatchDimension(string Name, string Value);

namespace Alyx.Aws.Configuration;

/// <summary>An AWS setting (region, endpoint, credentials source) is missing or invalid.</summary>
public sealed class AwsConfigurationException(string message) : Exception(message);

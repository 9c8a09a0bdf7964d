using Alyx.Aws.Configuration;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// Creates AWSSDK.SQS and AWSSDK.S3 clients with the settings the Alyx.Aws clients use: the region from
/// <see cref="AwsClientOptions.Region"/> or <c>AWS_REGION</c>, the endpoint from <see cref="AwsClientOptions.Endpoint"/>,
/// <c>AWS_ENDPOINT_URL_{SERVICE}</c> or <c>AWS_ENDPOINT_URL</c>, and the SDK's credential chain unless credentials are given.
/// </summary>
public static class AwsSdkClients
{
    /// <summary>Creates an SQS client.</summary>
    /// <exception cref="AwsConfigurationException">No region is configured, or an endpoint variable is invalid.</exception>
    public static AmazonSQSClient CreateSqs(AwsClientOptions aws)
    {
        var config = Configure(new AmazonSQSConfig(), aws, "SQS");
        return aws.Credentials is { } credentials ? new AmazonSQSClient(credentials, config) : new AmazonSQSClient(config);
    }

    /// <summary>Creates an S3 client; with an endpoint override it uses path-style addressing, which emulators need.</summary>
    /// <exception cref="AwsConfigurationException">No region is configured, or an endpoint variable is invalid.</exception>
    public static AmazonS3Client CreateS3(AwsClientOptions aws)
    {
        var config = Configure(new AmazonS3Config(), aws, "S3");
        config.ForcePathStyle = config.ServiceURL is not null;
        return aws.Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    private static T Configure<T>(T config, AwsClientOptions aws, string serviceId)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(aws);
        aws.Validate();
        var region = AwsRegionResolver.Resolve(aws.Region, Environment.GetEnvironmentVariable);
        var endpoint = aws.Endpoint ?? EndpointOverride(serviceId);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // The HTTP timeout must exceed SQS's longest long poll (20 s).
        config.Timeout = aws.RequestTimeout + TimeSpan.FromSeconds(20);
        config.MaxErrorRetry = Math.Max(0, aws.MaxAttempts - 1);
        return config;
    }

    private static Uri? EndpointOverride(string serviceId)
    {
        var serviceVariable = $"{AwsEndpointResolver.GlobalEndpointVariable}_{serviceId}";
        var set = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(serviceVariable))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AwsEndpointResolver.GlobalEndpointVariable));

        // Without a variable the SDK builds the public regional endpoint itself from the region.
        return set ? AwsEndpointResolver.Resolve(serviceId, serviceId.ToLowerInvariant(), "us-east-1", Environment.GetEnvironmentVariable) : null;
    }
}

using Alyx.Aws.Configuration;
using Alyx.Aws.Sns;
using Amazon;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The SNS/SQS transport and the S3 payload store of one process, on the cluster's bus topic, with the clients they
/// own. Disposing releases the clients.
/// </summary>
public sealed class SnsSqsMessaging : IAsyncDisposable
{
    private readonly AmazonSQSClient _sqs;
    private readonly SnsClient _sns;
    private readonly AmazonS3Client? _s3;

    private SnsSqsMessaging(AmazonSQSClient sqs, SnsClient sns, AmazonS3Client? s3, SqsMessageTransport transport, IPayloadStore payloads)
    {
        _sqs = sqs;
        _sns = sns;
        _s3 = s3;
        Transport = transport;
        Payloads = payloads;
    }

    /// <summary>The transport on the bus topic.</summary>
    public SqsMessageTransport Transport { get; }

    /// <summary>The S3 payload store, or <see cref="MissingPayloadStore"/> without a bucket.</summary>
    public IPayloadStore Payloads { get; }

    /// <summary>Creates the clients, the transport and the payload store.</summary>
    /// <exception cref="AwsConfigurationException">No region is configured, or an endpoint variable is invalid.</exception>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static SnsSqsMessaging Create(SnsSqsMessagingSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        settings.Aws.Validate();
        var transportOptions = new SqsTransportOptions
        {
            NamePrefix = settings.QueuePrefix,
            Cluster = settings.Cluster,
            BusTopicArn = settings.BusTopicArn,
            ReceiveWaitTime = settings.ReceiveWaitTime,
        };
        transportOptions.Validate();

        var region = AwsRegionResolver.Resolve(settings.Aws.Region, Environment.GetEnvironmentVariable);
        var sqs = settings.Aws.Credentials is { } credentials
            ? new AmazonSQSClient(credentials, Config(new AmazonSQSConfig(), settings.Aws, region, "SQS"))
            : new AmazonSQSClient(Config(new AmazonSQSConfig(), settings.Aws, region, "SQS"));
        var sns = new SnsClient(settings.Aws with { Region = region }, null, loggerFactory.CreateLogger<SnsClient>());
        AmazonS3Client? s3 = null;
        IPayloadStore payloads = new MissingPayloadStore();
        if (!string.IsNullOrWhiteSpace(settings.PayloadBucket))
        {
            var s3Config = Config(new AmazonS3Config(), settings.Aws, region, "S3");
            s3Config.ForcePathStyle = s3Config.ServiceURL is not null;
            s3 = settings.Aws.Credentials is { } s3Credentials ? new AmazonS3Client(s3Credentials, s3Config) : new AmazonS3Client(s3Config);
            payloads = new S3PayloadStore(s3, settings.PayloadBucket, $"alyx/{settings.Cluster}/payloads/");
        }

        var transport = new SqsMessageTransport(sqs, sns, transportOptions, loggerFactory.CreateLogger<SqsMessageTransport>());
        return new SnsSqsMessaging(sqs, sns, s3, transport, payloads);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        _sqs.Dispose();
        _sns.Dispose();
        _s3?.Dispose();
    }

    // An explicit endpoint, or one from AWS_ENDPOINT_URL_{SERVICE} or AWS_ENDPOINT_URL, becomes the ServiceURL, as the
    // Alyx.Aws clients resolve it; without one the SDK uses the public regional endpoint.
    private static T Config<T>(T config, AwsClientOptions aws, string region, string serviceId)
        where T : Amazon.Runtime.ClientConfig
    {
        var endpoint = aws.Endpoint ?? Override(serviceId);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        config.Timeout = aws.RequestTimeout + TimeSpan.FromSeconds(20);
        config.MaxErrorRetry = Math.Max(0, aws.MaxAttempts - 1);
        return config;
    }

    private static Uri? Override(string serviceId)
    {
        // The resolver returns the public endpoint when no variable is set; the SDK derives that from the region
        // itself, so only an override is kept. The endpoint prefix and region here only shape that public fallback.
        var resolved = AwsEndpointResolver.Resolve(serviceId, "unused", "us-east-1", Environment.GetEnvironmentVariable);
        return resolved.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) ? null : resolved;
    }
}

using Alyx.Aws.Configuration;
using Alyx.Aws.Sns;
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

        var sqs = AwsSdkClients.CreateSqs(settings.Aws);
        var sns = new SnsClient(settings.Aws, null, loggerFactory.CreateLogger<SnsClient>());
        AmazonS3Client? s3 = null;
        IPayloadStore payloads = new MissingPayloadStore();
        if (!string.IsNullOrWhiteSpace(settings.PayloadBucket))
        {
            s3 = AwsSdkClients.CreateS3(settings.Aws);
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
}

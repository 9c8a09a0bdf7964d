using Alyx.Aws.Configuration;
using Alyx.Aws.Sns;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Messaging.Benchmarks;

/// <summary>
/// Builds each transport against the loopback services whose addresses run.sh exports (the same variables as
/// scripts/test: ALYX_TEST_REDIS, ALYX_TEST_MOTO, ALYX_TEST_FAUXQS).
/// </summary>
public sealed class BenchmarkTransports : IAsyncDisposable
{
    private const string Region = "us-east-1";
    private readonly List<IDisposable> _clients = [];
    private readonly string _prefix = "b" + Guid.NewGuid().ToString("N")[..12];
    private readonly InMemoryMessageTransport _inMemory = new();
    private ConnectionMultiplexer? _redis;
    private AmazonSQSClient? _sqs;
    private SnsClient? _sns;
    private AmazonS3Client? _s3;

    public static readonly string[] Names = ["in-memory", "redis", "sns-sqs-moto", "sns-sqs-fauxqs"];

    public IPayloadStore PayloadStore { get; private set; } = new InMemoryPayloadStore();

    public async Task PrepareAsync(string name)
    {
        switch (name)
        {
            case "redis":
                _redis = await ConnectionMultiplexer.ConnectAsync(Require("ALYX_TEST_REDIS") + ",abortConnect=false");
                PayloadStore = new RedisPayloadStore(_redis, Keys);
                break;
            case "sns-sqs-moto":
            case "sns-sqs-fauxqs":
                var endpoint = new Uri(Require(name == "sns-sqs-moto" ? "ALYX_TEST_MOTO" : "ALYX_TEST_FAUXQS"));
                var credentials = new BasicAWSCredentials("test", "test");
                _sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region });
                _s3 = new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });
                _sns = new SnsClient(AwsClientOptions.ForEndpoint(endpoint, Region, "test", "test"));
                _clients.AddRange([_sqs, _s3, _sns]);
                await _s3.PutBucketAsync($"{_prefix}-payloads");
                PayloadStore = new S3PayloadStore(_s3, $"{_prefix}-payloads");
                break;
        }
    }

    public IMessageTransport NewTransport(string name) => name switch
    {
        "in-memory" => _inMemory,
        "redis" => new RedisMessageTransport(_redis!, Keys, new RedisTransportOptions(), NullLogger<RedisMessageTransport>.Instance),
        _ => new SqsMessageTransport(
            _sqs!,
            _sns!,
            new SqsTransportOptions { NamePrefix = _prefix, ReceiveWaitTime = TimeSpan.FromSeconds(1) },
            NullLogger<SqsMessageTransport>.Instance),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private ClusterKeys Keys => new(_prefix);

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set; start the benchmarks with bench/Alyx.Messaging.Benchmarks/run.sh.");
}

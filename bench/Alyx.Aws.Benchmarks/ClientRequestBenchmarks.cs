using Alyx.Aws.CloudWatch;
using Alyx.Aws.Configuration;
using Alyx.Aws.Ecs;
using Alyx.Aws.Sns;
using BenchmarkDotNet.Attributes;

namespace Alyx.Aws.Benchmarks;

/// <summary>
/// The client-side cost of one call: serialize, sign with AWSSDK.Core's SigV4 signer, send to an in-process handler
/// and parse the response. Network time is excluded on purpose.
/// </summary>
[MemoryDiagnoser]
public class ClientRequestBenchmarks : IDisposable
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:4566/");
    private readonly HttpClient _snsHttp = new(new LocalResponder("<PublishResponse><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>"));
    private readonly HttpClient _ecsHttp = new(new LocalResponder("""{"taskArns":["arn:aws:ecs:us-east-1:123456789012:task/c/1"]}"""));
    private SnsClient _sns = null!;
    private EcsClient _ecs = null!;
    private SnsPublishRequest _publish = null!;
    private MetricBatch _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = AwsClientOptions.ForEndpoint(Endpoint, "us-east-1", "AKIDEXAMPLE", "secret");
        _sns = new SnsClient(options, _snsHttp);
        _ecs = new EcsClient(options, _ecsHttp);
        _publish = new SnsPublishRequest("arn:aws:sns:us-east-1:123456789012:alyx-bus", new string('x', 1024))
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                ["shard"] = SnsAttributeValue.FromString("3"),
                ["kind"] = SnsAttributeValue.FromString("request"),
            },
        };
        _metrics = new MetricBatch("Alyx", [new("Cluster", "bots"), new("ShardId", "3")],
            [.. Enumerable.Range(0, 10).Select(i => new MetricSample($"Metric{i}", i * 1.5, CloudWatchUnit.Count))]);
    }

    [Benchmark]
    public Task<SnsPublishResult> SnsPublish1KiB() => _sns.PublishAsync(_publish);

    [Benchmark]
    public Task<EcsListTasksPage> EcsListTasks() => _ecs.ListTasksAsync(new EcsListTasksRequest("bots") { StartedBy = "orch" });

    [Benchmark]
    public IReadOnlyList<string> EmfFormat10Metrics() => EmfMetricSink.Format(_metrics, DateTimeOffset.UnixEpoch);

    public void Dispose()
    {
        _sns?.Dispose();
        _ecs?.Dispose();
        _snsHttp.Dispose();
        _ecsHttp.Dispose();
        GC.SuppressFinalize(this);
    }
}

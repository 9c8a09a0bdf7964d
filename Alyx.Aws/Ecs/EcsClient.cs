using System.Runtime.CompilerServices;
using Alyx.Aws.Configuration;
using Alyx.Aws.Http;
using Microsoft.Extensions.Logging;
using static Alyx.Aws.Ecs.EcsWireTypes;

namespace Alyx.Aws.Ecs;

/// <summary>
/// Amazon ECS over the JSON 1.1 protocol (API version 2014-11-13), signed with AWSSDK.Core's SigV4 signer.
/// Throttling is retried with backoff by the shared pipeline before it surfaces as <see cref="AwsThrottlingException"/>.
/// </summary>
public sealed class EcsClient : IEcsClient, IDisposable
{
    private const string JsonVersion = "1.1";
    private const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    private static readonly AwsServiceInfo Service = new("ECS", "ecs", "ecs");
    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials, timeout and retry settings; null reads them all from the environment.</param>
    /// <param name="httpClient">The HTTP client to send with; null creates (and disposes) one.</param>
    /// <param name="logger">Logs retries.</param>
    /// <param name="timeProvider">The clock for signing, timeouts and backoff; null is the system clock.</param>
    /// <exception cref="AwsConfigurationException">A setting is invalid or no region is configured.</exception>
    public EcsClient(AwsClientOptions? options = null, HttpClient? httpClient = null, ILogger<EcsClient>? logger = null, TimeProvider? timeProvider = null)
    {
        _transport = new AwsHttpTransport(Service, options ?? new AwsClientOptions(), httpClient, logger, timeProvider);
    }

    /// <summary>The endpoint this client sends to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public async Task<EcsTaskBatchResult> RunTaskAsync(EcsRunTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EcsRequestValidator.Validate(request);

        // clientToken is the model's idempotency token: like botocore, fill it once so that every retry of this call
        // carries the same token and a retried RunTask cannot start the tasks twice.
        request = request.ClientToken is null ? request with { ClientToken = Guid.NewGuid().ToString() } : request;
        var response = await SendAsync<EcsRunTaskRequest, TasksResponse>("RunTask", request, cancellationToken);
        return new EcsTaskBatchResult(response.Tasks ?? [], response.Failures ?? []);
    }

    /// <inheritdoc />
    public async Task<EcsTaskBatchResult> DescribeTasksAsync(string? cluster, IReadOnlyList<string> tasks, bool includeTags = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var described = new List<EcsTask>();
        var failures = new List<EcsFailure>();
        foreach (var chunk in tasks.Chunk(EcsRequestValidator.MaxDescribeTasks))
        {
            var body = new DescribeTasksBody(cluster, chunk, includeTags ? ["TAGS"] : null);
            var response = await SendAsync<DescribeTasksBody, TasksResponse>("DescribeTasks", body, cancellationToken);
            described.AddRange(response.Tasks ?? []);
            failures.AddRange(response.Failures ?? []);
        }

        return new EcsTaskBatchResult(described, failures);
    }

    /// <inheritdoc />
    public async Task<EcsListTasksPage> ListTasksAsync(EcsListTasksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EcsRequestValidator.Validate(request);
        var response = await SendAsync<EcsListTasksRequest, ListTasksResponse>("ListTasks", request, cancellationToken);
        return new EcsListTasksPage(response.TaskArns ?? [], string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAllTaskArnsAsync(EcsListTasksRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var next = request with { NextToken = null };
        while (true)
        {
            var page = await ListTasksAsync(next, cancellationToken);
            foreach (var arn in page.TaskArns)
            {
                yield return arn;
            }

            if (page.NextToken is null)
            {
                yield break;
            }

            next = next with { NextToken = page.NextToken };
        }
    }

    /// <inheritdoc />
    public async Task<EcsTask> StopTaskAsync(string? cluster, string task, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        if (reason is { Length: > 255 })
        {
            throw new ArgumentException($"The stop reason has {reason.Length} characters; ECS keeps at most 255. Shorten it.", nameof(reason));
        }

        var response = await SendAsync<StopTaskBody, StopTaskResponse>("StopTask", new StopTaskBody(cluster, task, reason), cancellationToken);
        return response.Task ?? throw new AwsProtocolException(Service.ServiceId, "StopTask", "task is missing");
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest body, CancellationToken cancellationToken)
        where TResponse : class
    {
        var content = AwsJsonProtocol.Content(body, JsonVersion, TargetPrefix + operation);
        var response = await _transport.SendAsync(operation, content, cancellationToken);
        return AwsJsonProtocol.Read<TResponse>(response, Service.ServiceId, operation);
    }
}

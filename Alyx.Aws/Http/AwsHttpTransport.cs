using System.Net.Http.Headers;
using System.Text;
using Alyx.Aws.Configuration;
using Alyx.Aws.Credentials;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;

namespace Alyx.Aws.Http;

/// <summary>
/// Sends signed POST requests to one AWS service: resolves region, endpoint and credentials, signs each attempt
/// with AWSSDK.Core's SigV4 signer, bounds each attempt by <see cref="AwsClientOptions.RequestTimeout"/>, retries
/// throttling, HTTP 429, 5xx, network errors and timeouts with capped exponential backoff and full jitter, and turns
/// error responses into typed <see cref="AwsServiceException"/>s.
/// </summary>
internal sealed partial class AwsHttpTransport : IDisposable
{
    private readonly AwsServiceInfo _service;
    private readonly AwsClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RegionEndpoint _regionEndpoint;
    private readonly SemaphoreSlim _credentialsLock = new(1, 1);
    private AWSCredentials? _credentials;

    public AwsHttpTransport(AwsServiceInfo service, AwsClientOptions options, HttpClient? httpClient, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _service = service;
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each attempt has its own timeout below; HttpClient's would cut across retries.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _credentials = options.Credentials;
        Region = AwsRegionResolver.Resolve(options.Region, Environment.GetEnvironmentVariable);
        _regionEndpoint = RegionEndpoint.GetBySystemName(Region);
        // NOTE: endpoint_url in a shared config profile (or its services section) is not read; only the
        // AWS_ENDPOINT_URL variables and the Endpoint option override the public endpoint.
        Endpoint = options.Endpoint ?? AwsEndpointResolver.Resolve(service.ServiceId, service.EndpointPrefix, Region, Environment.GetEnvironmentVariable);
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    public async Task<AwsResponse> SendAsync(string operation, AwsRequestContent content, CancellationToken cancellationToken)
    {
        var credentials = await GetCredentialsAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using var request = await CreateSignedRequestAsync(content, credentials, linked.Token);
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                    var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return new AwsResponse(body, RequestIdOf(response.Headers));
                    }

                    var (code, message, requestId) = AwsErrorParser.Parse((int)response.StatusCode, response.Headers, body);
                    var error = AwsErrorClassifier.Create(_service.ServiceId, operation, code, message, response.StatusCode, requestId);
                    error.ResponseBody = Encoding.UTF8.GetString(body);
                    if (!AwsErrorClassifier.IsRetryable(code, response.StatusCode) || attempt >= _options.MaxAttempts)
                    {
                        throw error;
                    }

                    failure = error;
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= _options.MaxAttempts)
                    {
                        throw new AwsRequestTimeoutException(_service.ServiceId, operation, _options.RequestTimeout, attempt);
                    }

                    failure = new TimeoutException($"attempt exceeded {_options.RequestTimeout.TotalSeconds:0.###} s");
                }
                catch (HttpRequestException error) when (attempt < _options.MaxAttempts)
                {
                    failure = error;
                }
            }

            var delay = AwsRetryBackoff.Compute(attempt, _options.BaseRetryDelay, _options.MaxRetryDelay, Random.Shared.NextDouble());
            LogRetrying(_logger, _service.ServiceId, operation, attempt, _options.MaxAttempts, delay.TotalMilliseconds, failure.Message);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    public void Dispose()
    {
        _credentialsLock.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<HttpRequestMessage> CreateSignedRequestAsync(AwsRequestContent content, AWSCredentials credentials, CancellationToken cancellationToken)
    {
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = Endpoint,
            Content = content.Body,
        };
        signingRequest.Headers["Content-Type"] = content.ContentType;
        if (content.Target is not null)
        {
            signingRequest.Headers["X-Amz-Target"] = content.Target;
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = _regionEndpoint,
            Service = _service.SigningName,
            SignedAt = _time.GetUtcNow().UtcDateTime,
        };
        var signed = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);

        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(content.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(content.ContentType);
        if (content.Target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", content.Target);
        }

        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is not null)
        {
            return _credentials;
        }

        await _credentialsLock.WaitAsync(cancellationToken);
        try
        {
            return _credentials ??= await AwsCredentialsResolver.ResolveAsync(null, cancellationToken);
        }
        finally
        {
            _credentialsLock.Release();
        }
    }

    private static string? RequestIdOf(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "{Service} {Operation} attempt {Attempt} of {MaxAttempts} failed ({Reason}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string service, string operation, int attempt, int maxAttempts, double delayMs, string reason);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alyx.Aws.Configuration;

namespace Alyx.Aws.Tests.Http;

/// <summary>A request as the loopback server received it.</summary>
internal sealed record ReceivedRequest(string? Target, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>A canned response; <see cref="Hold"/> (when set) is awaited before responding, to simulate a slow server.</summary>
internal sealed record CannedResponse(int Status, string Body, string ContentType = "application/x-amz-json-1.1")
{
    public Task? Hold { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// An HTTP server on 127.0.0.1 that responds to each request from a script, for the behaviour
/// moto cannot produce on demand (throttling, 5xx, slow responses, pagination). It records every request.
/// </summary>
internal sealed class LoopbackAwsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<ReceivedRequest, int, CannedResponse> _respond;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private int _count;

    public LoopbackAwsServer(Func<ReceivedRequest, int, CannedResponse> respond)
    {
        _respond = respond;
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The server's base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>Completes when the held responses may go out; tests use it as the <see cref="CannedResponse.Hold"/> of a hanging reply.</summary>
    public Task Released => _release.Task;

    /// <summary>Completes when the first request arrives.</summary>
    public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Options aimed at this server with static credentials, fast retries and a short timeout.</summary>
    public AwsClientOptions Options(int maxAttempts = 3) =>
        AwsClientOptions.ForEndpoint(Endpoint, "us-east-1", "AKIDEXAMPLE", "secret") with
        {
            MaxAttempts = maxAttempts,
            BaseRetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();

        // Close alone: after Stop, the managed HttpListener's Close looks its port up again and binds it anew, which
        // fails with "Address already in use" when a parallel test has taken the freed port meanwhile.
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (HttpListenerException)
        {
            // Stopping the listener fails the pending GetContextAsync; that is how the loop ends.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys
                .Where(k => k is not null)
                .ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k] ?? string.Empty);
            var request = new ReceivedRequest(headers.GetValueOrDefault("x-amz-target"), body, headers);
            _requests.Enqueue(request);
            var index = Interlocked.Increment(ref _count) - 1;
            FirstRequest.TrySetResult();

            var response = _respond(request, index);
            if (response.Hold is not null)
            {
                await response.Hold;
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up on this request (a timeout test), so no one reads the response.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Tests.Reconcile;

/// <summary>An orchestrator whose Discord REST URL refuses connections or returns server errors.</summary>
public sealed class DiscordUnreachableTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reconcile_ConnectionRefused_ReportsDiscordUnreachable()
    {
        // Nothing listens on a port that a listener just released.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/api/v10/");

        var (status, logs) = await RunAgainstAsync(url, nameof(Reconcile_ConnectionRefused_ReportsDiscordUnreachable));

        AssertDegraded(status, url);
        AssertWarnedWithoutStack(logs, url);
    }

    [Fact]
    public async Task Reconcile_ServerError_ReportsDiscordUnreachable()
    {
        using var server = new StatusOnlyServer(HttpStatusCode.ServiceUnavailable);
        var url = new Uri($"http://127.0.0.1:{server.Port}/api/v10/");

        var (status, logs) = await RunAgainstAsync(url, nameof(Reconcile_ServerError_ReportsDiscordUnreachable));

        AssertDegraded(status, url);
        Assert.Contains("HTTP 503", ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
        AssertWarnedWithoutStack(logs, url);
    }

    private async Task<(ClusterStatus Status, IReadOnlyList<RecordedLog> Logs)> RunAgainstAsync(Uri restUrl, string test)
    {
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, test, LauncherKind.InProcess, 1, 1);
        await cluster.ScaleAsync(2);
        using var recorder = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(recorder));

        cluster.StartOrchestrator("orchestrator-a", configureHostSettings: settings => settings.RestUrl = restUrl, loggerFactory: loggerFactory);
        var status = await cluster.WaitForStatusAsync(s => ClusterConditions.IsTrue(s.Conditions, ClusterConditionTypes.Degraded), Timeout);

        return (status, recorder.Entries);
    }

    private static void AssertDegraded(ClusterStatus status, Uri restUrl)
    {
        var degraded = ClusterConditions.Find(status.Conditions, ClusterConditionTypes.Degraded)!;
        Assert.Equal("DiscordUnreachable", degraded.Reason);
        Assert.Contains(new Uri(restUrl, "gateway/bot").ToString(), degraded.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_DISCORD_REST_URL", degraded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', degraded.Message);
        Assert.Empty(status.Shards);
    }

    private static void AssertWarnedWithoutStack(IReadOnlyList<RecordedLog> logs, Uri restUrl)
    {
        var warnings = logs.Where(entry => entry.Level >= LogLevel.Warning).ToList();
        Assert.Contains(warnings, entry => entry.Message.Contains(new Uri(restUrl, "gateway/bot").ToString(), StringComparison.Ordinal));
        Assert.All(warnings, entry => Assert.Null(entry.Exception));
        Assert.Contains(logs, entry => entry.Level == LogLevel.Debug && entry.Exception is not null);
    }

    /// <summary>An HTTP server on loopback that returns one status with an empty body to every request.</summary>
    private sealed class StatusOnlyServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public StatusOnlyServer(HttpStatusCode status)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            _accepting = AcceptAsync(response);
        }

        public int Port { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _ = _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync(byte[] response)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();

                // Read the request head before the response, so the client does not see a reset while it still sends.
                var buffer = new byte[4096];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(response, _stop.Token);
            }
        }
    }
}

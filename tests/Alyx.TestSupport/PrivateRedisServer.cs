using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
namespace Alyx.TestSupport;

/// <summary>
/// A redis-server of the test's own on a free loopback port, so a test can kill and restart it without disturbing
/// the shared one, or start it with settings of its own such as <c>--requirepass</c>. It keeps no data on disk, like
/// the production setting the lease store guards against.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("alyx-redis-").FullName;
    private readonly string[] _extraArguments;
    private Process? _process;

    private PrivateRedisServer(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The address as <c>host:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; <paramref name="extraArguments"/> go to redis-server after the defaults, such as <c>--requirepass secret</c>.</summary>
    public static async Task<PrivateRedisServer> StartAsync(params string[] extraArguments)
    {
        var server = new PrivateRedisServer(FreePort(), extraArguments);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Kills the server (SIGKILL, so nothing is saved) and starts a new, empty one on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Kills the server (SIGKILL). It stays down until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(Timeout);
        }

        _process?.Dispose();
        _process = null;
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(TestServices.Require("ALYX_TEST_REDIS_SERVER", "redis-server"))
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", string.Empty,
            "--appendonly", "no", "--dir", _directory, "--daemonize", "no",
        }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                return;
            }
            catch (SocketException) when (!timeout.IsCancellationRequested)
            {
                // The server is still starting; try again shortly.
                await Task.Delay(20, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Alyx.Cli.Common;
using StackExchange.Redis;

namespace Alyx.Cli.Dev;

/// <summary>
/// A throwaway <c>redis-server</c> from PATH on a free port of 127.0.0.1 without persistence, for
/// <c>alyx dev --launcher process</c> without --redis: separate shard processes cannot share the CLI's memory.
/// </summary>
public sealed class LocalRedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private LocalRedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The address as <c>host:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    /// <exception cref="CliException">redis-server is not installed or did not start.</exception>
    public static async Task<LocalRedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new CliException(ExitCodes.RedisUnavailable, "redis-server is not on PATH: install it (apt-get install redis-server) or pass --redis.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalRedisServer(process, port);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},connectTimeout=200,abortConnect=true");
                return server;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        await server.DisposeAsync();
        throw new CliException(ExitCodes.RedisUnavailable, $"redis-server did not accept connections on {server.Endpoint} within 5 s; pass --redis instead.");
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

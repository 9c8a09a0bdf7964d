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
/// <remarks>
/// The server runs daemonized, in a session of its own. A terminal's Ctrl+C goes to the whole foreground process
/// group, and a server inside that group would stop before <c>alyx dev</c> reads the final status for its summary.
/// </remarks>
public sealed class LocalRedisServer : IAsyncDisposable
{
    private readonly string _directory;

    private LocalRedisServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The address as <c>host:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    private string PidFile => Path.Combine(_directory, "redis.pid");

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    /// <exception cref="CliException">redis-server is not installed or did not start.</exception>
    public static async Task<LocalRedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("alyx-dev-redis-").FullName;
        var server = new LocalRedisServer(directory, port);
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", server.PidFile, "--logfile", Path.Combine(directory, "redis.log"), "--dir", directory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            // The started process forks the daemon and exits.
            using var launcher = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            await launcher.WaitForExitAsync(cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            await server.DisposeAsync();
            throw new CliException(ExitCodes.RedisUnavailable, "redis-server is not on PATH: install it (apt-get install redis-server) or pass --redis.", exception);
        }

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

    /// <summary>Stops the server (SIGKILL; it keeps no data) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile) && int.TryParse((await File.ReadAllTextAsync(PidFile)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // The server has already exited.
            }
            catch (InvalidOperationException)
            {
                // The server exited between the lookup and the kill.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temporary folder is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

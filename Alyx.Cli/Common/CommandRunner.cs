using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Cli.Common;

/// <summary>Runs a handler body and turns expected failures into one line on standard error and a named exit code.</summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>; <paramref name="command"/> prefixes error lines, such as <c>alyx shards scale</c>.</summary>
    public static async Task<int> RunAsync(string command, TextWriter error, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (CliException exception)
        {
            await error.WriteLineAsync($"{command}: {exception.Message}");
            return exception.ExitCode;
        }
        catch (Exception exception) when (exception is RedisException or CoordinationUnavailableException or TimeoutException)
        {
            await error.WriteLineAsync($"{command}: Redis is unreachable ({FirstLine(exception.Message)}). Check --redis and that the server runs.");
            return ExitCodes.RedisUnavailable;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{command}: interrupted.");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Connects to the Redis that <paramref name="address"/> names, or fails with a clear line.</summary>
    /// <exception cref="CliException">The address is missing, invalid or unreachable.</exception>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--redis is missing: pass the cluster's Redis address or set {CommonOptions.RedisVariable}.");
        }

        var options = ParseRedis(address);
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        if (!connection.IsConnected)
        {
            await connection.DisposeAsync();
            throw new CliException(ExitCodes.RedisUnavailable, $"Redis at {RedisAddress.Endpoints(options)} is unreachable. Check --redis and that the server runs.");
        }

        return connection;
    }

    /// <summary>Parses a <c>--redis</c> value.</summary>
    /// <exception cref="CliException">The value is invalid; the message names it, with any password hidden, and the accepted forms.</exception>
    public static ConfigurationOptions ParseRedis(string address)
    {
        try
        {
            return RedisAddress.Parse(address);
        }
        catch (FormatException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "--redis: " + exception.Message, exception);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Alyx.Coordination.Redis;

/// <summary>Opens the Redis connection that the coordination stores share.</summary>
public static class RedisConnectionFactory
{
    /// <summary>
    /// Translates the options into client settings. Commands fail fast while the connection is down instead of
    /// waiting in a backlog, so an outage reaches lease holders as an error and not as a late success.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each property.</exception>
    public static ConfigurationOptions CreateConfiguration(RedisCoordinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new RedisCoordinationOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(RedisCoordinationOptions), typeof(RedisCoordinationOptions), result.Failures);
        }

        // The address may carry TLS, credentials and a database itself; the separate options add to it, never clear it.
        var configuration = RedisAddress.Parse(options.Endpoints);
        configuration.Ssl |= options.UseTls;
        configuration.SslHost = options.TlsHost ?? configuration.SslHost;
        configuration.User = options.User ?? configuration.User;
        configuration.Password = options.Password ?? configuration.Password;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        configuration.DefaultDatabase = options.Database != 0 ? options.Database : configuration.DefaultDatabase;
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName = "alyx";
        return configuration;
    }

    /// <summary>
    /// Connects with the given options. It returns even when Redis is down, so a process can start before Redis
    /// does: the connection retries in the background, and commands fail with
    /// <see cref="CoordinationUnavailableException"/> until it succeeds.
    /// </summary>
    /// <exception cref="CoordinationUnavailableException">The client could not be set up at all.</exception>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisCoordinationOptions options, CancellationToken cancellationToken)
    {
        var configuration = CreateConfiguration(options);
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException exception)
        {
            throw new CoordinationUnavailableException("connect", exception);
        }
    }
}

using StackExchange.Redis;

namespace Alyx.Orchestrator.Hosting;

/// <summary>Turns the orchestrator's Redis setting into a client configuration for the executable.</summary>
internal static class OrchestratorRedis
{
    /// <summary>
    /// Parses <c>redis://[user:password@]host:port</c>, <c>rediss://</c> (TLS) or a StackExchange.Redis configuration
    /// string. TODO: call the shared Redis address parser once it moves from the CLI to Alyx.Coordination. Until then
    /// this covers the same forms, except database numbers in URLs.
    /// </summary>
    /// <exception cref="ArgumentException">The value is neither form; the message never shows a password.</exception>
    public static ConfigurationOptions Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Trim();
        ConfigurationOptions options;
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                throw Invalid();
            }

            options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
            options.EndPoints.Add(uri.Host, uri.Port > 0 ? uri.Port : 6379);
            var user = uri.UserInfo.Split(':', 2);
            if (user.Length == 2)
            {
                options.User = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null;
                options.Password = Uri.UnescapeDataString(user[1]);
            }
            else if (user[0].Length > 0)
            {
                options.Password = Uri.UnescapeDataString(user[0]);
            }
        }
        else
        {
            try
            {
                options = ConfigurationOptions.Parse(text);
            }
            catch (ArgumentException)
            {
                throw Invalid();
            }
        }

        if (options.EndPoints.Count == 0)
        {
            throw Invalid();
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }

    /// <summary>Returns the endpoints as <c>host:port</c>, comma-separated, the form local shard hosts read from ALYX_REDIS.</summary>
    public static string Endpoints(ConfigurationOptions options) => string.Join(",", options.EndPoints.Select(endPoint => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "",
    }));

    private static ArgumentException Invalid() => new(
        "ALYX_REDIS (--redis) is invalid: use redis://[user:password@]host:port, rediss://host:port for TLS, or a StackExchange.Redis configuration string such as 127.0.0.1:6379.");
}

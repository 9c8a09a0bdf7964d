using System.Globalization;
using StackExchange.Redis;

namespace Alyx.Cli.Common;

/// <summary>
/// Parses the <c>--redis</c> value: <c>redis://[user:password@]host:port[/database]</c>, <c>rediss://</c> for TLS,
/// or a StackExchange.Redis configuration string such as <c>127.0.0.1:6379,password=secret</c>.
/// </summary>
public static class RedisAddress
{
    /// <summary>The port used when a URL names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Parses <paramref name="text"/> into a client configuration.</summary>
    /// <exception cref="CliException">The value is neither form; the message names it and the accepted forms.</exception>
    public static ConfigurationOptions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        ConfigurationOptions options;
        if (trimmed.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            options = FromUrl(trimmed, text);
        }
        else
        {
            try
            {
                options = ConfigurationOptions.Parse(trimmed);
            }
            catch (ArgumentException exception)
            {
                throw Invalid(text, exception);
            }
        }

        if (options.EndPoints.Count == 0)
        {
            throw Invalid(text, null);
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }

    /// <summary>Returns the endpoints as <c>host:port</c>, comma-separated, the form shard hosts read from <c>ALYX_REDIS</c>.</summary>
    public static string Endpoints(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(",", options.EndPoints.Select(Format));
    }

    private static ConfigurationOptions FromUrl(string trimmed, string original)
    {
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(original, null);
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw Invalid(original, null);
            }

            options.DefaultDatabase = database;
        }

        return options;
    }

    private static string Format(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        System.Net.IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "",
    };

    private static CliException Invalid(string text, Exception? inner) => new(
        ExitCodes.InvalidInput,
        $"--redis '{Redact(text)}' is invalid: use redis://[user:password@]host:port, rediss://host:port for TLS, or a StackExchange.Redis configuration string such as 127.0.0.1:6379.",
        inner);

    // The value may carry a password, which must not reach the terminal or logs.
    private static string Redact(string text) => text.Contains('@', StringComparison.Ordinal) ? "redis://***@" + text[(text.LastIndexOf('@') + 1)..] : text;
}

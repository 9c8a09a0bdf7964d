using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Alyx.Coordination.Redis;

/// <summary>
/// Parses a Redis address, the value of <c>ALYX_REDIS</c> and <c>--redis</c>: <c>redis://[user:password@]host:port[/database]</c>,
/// <c>rediss://</c> for TLS, or a StackExchange.Redis configuration string such as <c>127.0.0.1:6379,password=secret</c>.
/// The CLI, the orchestrator and the shard host share it, so every process of a cluster reads one address the same way.
/// </summary>
public static partial class RedisAddress
{
    /// <summary>The port used when a URL names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Parses <paramref name="text"/> into a client configuration that does not abort when the first connect fails.</summary>
    /// <exception cref="FormatException">The value is neither form; the message names it, with any password hidden, and the accepted forms.</exception>
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

    /// <summary>Returns the endpoints as <c>host:port</c>, comma-separated, without credentials: safe to print.</summary>
    public static string Endpoints(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(",", options.EndPoints.Select(Format));
    }

    /// <summary>Returns <paramref name="text"/> with the password of a URL or a <c>password=</c> entry replaced by <c>***</c>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutUserInfo = UrlUserInfo().Replace(text, match =>
        {
            // user:password keeps the user; a lone user-info part is the password.
            var userInfo = match.Groups[2].Value;
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            return match.Groups[1].Value + (colon >= 0 ? userInfo[..(colon + 1)] : "") + "***@";
        });
        return PasswordEntry().Replace(withoutUserInfo, "$1***");
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

    private static FormatException Invalid(string text, Exception? inner) => new(
        $"Redis address '{Redact(text)}' is invalid: use redis://[user:password@]host:port, rediss://host:port for TLS, or a StackExchange.Redis configuration string such as 127.0.0.1:6379.",
        inner);

    // The scheme and the user name stay, so the redacted text still shows which server and account were meant.
    [GeneratedRegex(@"^(\s*rediss?://)([^@/]*)@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"((?:^|,)\s*password\s*=)[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordEntry();
}

using System.CommandLine;
using System.Globalization;

namespace Alyx.Cli.Common;

/// <summary>Options that several commands share, with their environment variable fallbacks.</summary>
public static class CommonOptions
{
    /// <summary>Environment variable with the default cluster name.</summary>
    public const string ClusterVariable = "ALYX_CLUSTER";

    /// <summary>Environment variable with the default Redis address.</summary>
    public const string RedisVariable = "ALYX_REDIS";

    /// <summary>Creates <c>--cluster</c>.</summary>
    public static Option<string> Cluster() => new("--cluster")
    {
        Description = $"The cluster name (env {ClusterVariable}; default 'default').",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ClusterVariable) is { Length: > 0 } value ? value : "default",
    };

    /// <summary>Creates <c>--redis</c>; commands that need state fail with one clear line when it is missing.</summary>
    public static Option<string?> Redis(string description) => new("--redis")
    {
        Description = description + $" Forms: redis://[user:password@]host:port, rediss:// for TLS, or a StackExchange.Redis configuration string (env {RedisVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value ? value : null,
    };

    /// <summary>
    /// Creates <c>--discord-api</c>, an absolute http or https URL. A value that is no such URL is a parse error
    /// (exit 2) that names it, instead of an exception when the handler reads the value.
    /// </summary>
    public static Option<Uri?> DiscordApi(string description, Func<Uri?> defaultValue) => new("--discord-api")
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue(),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--discord-api '{text}' is invalid: use an absolute http or https URL such as https://discord.com/api/v10/.");
            return null;
        },
    };

    /// <summary>The largest seconds value an option accepts: 1,000,000 s, about 11.6 days.</summary>
    public const double MaxSeconds = 1_000_000;

    /// <summary>
    /// Adds a parse check that a seconds option is a finite number no larger than <see cref="MaxSeconds"/>, so turning
    /// it into a <see cref="TimeSpan"/> cannot throw. Handlers still check the sign with messages of their own.
    /// </summary>
    public static T Seconds<T>(T option)
        where T : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (text is not null
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && !(double.IsFinite(seconds) && Math.Abs(seconds) <= MaxSeconds))
            {
                result.AddError($"{option.Name} {text} is invalid: use a number of seconds up to {MaxSeconds:0}.");
            }
        });
        return option;
    }

    /// <summary>Creates <c>--output</c> with the values text and json.</summary>
    public static Option<string> Output()
    {
        var option = new Option<string>("--output") { Description = "text for people, or json for one machine-readable object.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}

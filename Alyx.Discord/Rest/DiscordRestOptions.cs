namespace Alyx.Discord.Rest;

/// <summary>Settings of the REST client.</summary>
public sealed class DiscordRestOptions
{
    /// <summary>The versioned API base URL. Default <c>https://discord.com/api/v10/</c>; operators may point it at a REST proxy.</summary>
    public Uri BaseUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <summary>The bot token, without the <c>Bot </c> prefix. Required. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// The User-Agent, which Discord requires in the form <c>DiscordBot ($url, $versionNumber)</c>.
    /// Default <c>DiscordBot (alyx, 0.1.0)</c>.
    /// </summary>
    // NOTE: Discord asks for the library's URL in the first slot; set this to the bot's project URL when it has one.
    public string UserAgent { get; set; } = "DiscordBot (alyx, 0.1.0)";

    /// <summary>How many times one request is retried after a 429 before it fails. Default 3.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>Requests per second across all routes except interactions; Discord's global limit is 50. Default 50.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>Returns every invalid setting, each naming the property and the fix; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Token))
        {
            failures.Add("Token is missing: set the bot token.");
        }

        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"BaseUrl is {BaseUrl}: it must be an absolute http or https URL such as https://discord.com/api/v10/.");
        }

        if (!UserAgent.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            failures.Add($"UserAgent is '{UserAgent}': Discord requires the form 'DiscordBot ($url, $versionNumber)'.");
        }

        if (MaxRateLimitRetries < 0)
        {
            failures.Add($"MaxRateLimitRetries is {MaxRateLimitRetries}: it must be 0 or more.");
        }

        if (GlobalRequestsPerSecond < 1)
        {
            failures.Add($"GlobalRequestsPerSecond is {GlobalRequestsPerSecond}: it must be at least 1.");
        }

        return failures;
    }
}

namespace Alyx.Abstractions.Plugins;

/// <summary>Discord returned an error status for a REST request.</summary>
public sealed class DiscordRestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscordRestException(string method, string route, int statusCode, string detail)
        : base($"Discord rejected {method} {route} with HTTP {statusCode}: {detail}")
    {
        Method = method;
        Route = route;
        StatusCode = statusCode;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The route, such as <c>channels/123/messages</c>.</summary>
    public string Route { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }
}

using System.Net;

namespace Alyx.Discord.Rest;

/// <summary>Discord answered a REST request with an error status.</summary>
public class DiscordRestException(RestRoute route, HttpStatusCode statusCode, int? errorCode, string message)
    : Exception($"{route} failed with HTTP {(int)statusCode}{(errorCode is { } code ? $" (Discord code {code})" : "")}: {message}")
{
    /// <summary>The request target.</summary>
    public RestRoute Route { get; } = route;

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Discord's JSON error code, when the body had one.</summary>
    public int? ErrorCode { get; } = errorCode;
}

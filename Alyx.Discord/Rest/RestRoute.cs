namespace Alyx.Discord.Rest;

/// <summary>
/// A REST request target. Discord keys rate limits by the route's bucket plus its top-level resource (the "major
/// parameter": channel, guild or webhook id), so two channels never share a limit even on one route.
/// </summary>
/// <param name="Method">The HTTP method, part of the route's identity.</param>
/// <param name="Template">The route with placeholders, such as <c>channels/{channel_id}/messages</c>.</param>
/// <param name="Path">The route with values filled in, relative to the versioned base URL.</param>
/// <param name="MajorParameter">The top-level resource id, or empty when the route has none.</param>
/// <param name="ExemptFromGlobalLimit">Whether the route is outside the global 50-per-second limit, as interaction routes are.</param>
/// <param name="Authenticated">Whether the request carries the bot token.</param>
public sealed record RestRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool ExemptFromGlobalLimit = false, bool Authenticated = true)
{
    /// <summary>The key that identifies the route before Discord names its bucket.</summary>
    public string RouteKey => Method.Method + " " + Template;

    /// <inheritdoc />
    public override string ToString() => $"{Method.Method} /{Path}";
}

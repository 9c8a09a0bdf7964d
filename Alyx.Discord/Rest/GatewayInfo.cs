namespace Alyx.Discord.Rest;

/// <summary>The answer of <c>GET /gateway</c>, which needs no token.</summary>
/// <param name="Url">The gateway WebSocket URL, without query string.</param>
public sealed record GatewayInfo(string Url);

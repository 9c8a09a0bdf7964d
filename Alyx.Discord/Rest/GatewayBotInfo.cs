namespace Alyx.Discord.Rest;

/// <summary>The answer of <c>GET /gateway/bot</c>. Do not cache it for long: the values change as the bot joins guilds.</summary>
/// <param name="Url">The gateway WebSocket URL, without query string.</param>
/// <param name="Shards">The recommended shard count.</param>
/// <param name="SessionStartLimit">The session start budget and identify concurrency.</param>
public sealed record GatewayBotInfo(string Url, int Shards, SessionStartLimit SessionStartLimit);

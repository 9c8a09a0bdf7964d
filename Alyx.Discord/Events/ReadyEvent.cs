namespace Alyx.Discord.Events;

/// <summary>READY: the gateway accepted IDENTIFY and started a session.</summary>
/// <param name="V">The gateway version.</param>
/// <param name="User">The bot user.</param>
/// <param name="Guilds">The guilds of this shard, all unavailable until their GUILD_CREATE.</param>
/// <param name="SessionId">The id to send in RESUME.</param>
/// <param name="ResumeGatewayUrl">The URL to reconnect to when resuming.</param>
/// <param name="Shard">The <c>[shard_id, num_shards]</c> pair of the session, when sharded.</param>
/// <param name="Application">The bot's application.</param>
public sealed record ReadyEvent(
    int V,
    DiscordUser User,
    IReadOnlyList<UnavailableGuild> Guilds,
    string SessionId,
    string ResumeGatewayUrl,
    IReadOnlyList<int>? Shard,
    ReadyApplication? Application);

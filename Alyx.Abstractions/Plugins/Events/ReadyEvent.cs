namespace Alyx.Abstractions.Plugins.Events;

/// <summary>READY: the gateway started a new session for this shard.</summary>
/// <param name="UserId">The bot user's id.</param>
/// <param name="UserName">The bot user's name.</param>
/// <param name="SessionId">The gateway session id.</param>
/// <param name="GuildCount">The number of guilds of this shard; each arrives later as GUILD_CREATE.</param>
public sealed record ReadyEvent(ulong UserId, string UserName, string SessionId, int GuildCount);

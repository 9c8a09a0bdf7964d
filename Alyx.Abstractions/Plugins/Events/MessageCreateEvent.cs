namespace Alyx.Abstractions.Plugins.Events;

/// <summary>MESSAGE_CREATE: a message was posted.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="ChannelId">The channel id.</param>
/// <param name="GuildId">The guild id; null in direct messages.</param>
/// <param name="AuthorId">The author's user id.</param>
/// <param name="AuthorName">The author's user name.</param>
/// <param name="AuthorIsBot">Whether the author is a bot; plugins usually ignore bots, their own messages included.</param>
/// <param name="Content">The text; empty without the MESSAGE_CONTENT intent, except in DMs, mentions and own messages.</param>
public sealed record MessageCreateEvent(
    ulong MessageId,
    ulong ChannelId,
    ulong? GuildId,
    ulong AuthorId,
    string AuthorName,
    bool AuthorIsBot,
    string Content);

namespace Alyx.Discord.Gateway;

/// <summary>Gateway intents, <c>1 &lt;&lt; n</c>. Privileged intents must be enabled for the application in the Developer Portal.</summary>
[Flags]
public enum GatewayIntents
{
    /// <summary>No events beyond the ones every session receives.</summary>
    None = 0,

    /// <summary>Guild create, update and delete, roles, channels, threads.</summary>
    Guilds = 1 << 0,

    /// <summary>Member joins, updates and leaves. Privileged.</summary>
    GuildMembers = 1 << 1,

    /// <summary>Bans and audit log entries.</summary>
    GuildModeration = 1 << 2,

    /// <summary>Emoji, sticker and soundboard updates.</summary>
    GuildExpressions = 1 << 3,

    /// <summary>Integration updates.</summary>
    GuildIntegrations = 1 << 4,

    /// <summary>Webhook updates.</summary>
    GuildWebhooks = 1 << 5,

    /// <summary>Invite create and delete.</summary>
    GuildInvites = 1 << 6,

    /// <summary>Voice state updates.</summary>
    GuildVoiceStates = 1 << 7,

    /// <summary>Presence updates. Privileged.</summary>
    GuildPresences = 1 << 8,

    /// <summary>Messages in guilds.</summary>
    GuildMessages = 1 << 9,

    /// <summary>Reactions in guilds.</summary>
    GuildMessageReactions = 1 << 10,

    /// <summary>Typing in guilds.</summary>
    GuildMessageTyping = 1 << 11,

    /// <summary>Direct messages.</summary>
    DirectMessages = 1 << 12,

    /// <summary>Reactions in direct messages.</summary>
    DirectMessageReactions = 1 << 13,

    /// <summary>Typing in direct messages.</summary>
    DirectMessageTyping = 1 << 14,

    /// <summary>Message content, embeds, attachments and components. Privileged.</summary>
    MessageContent = 1 << 15,

    /// <summary>Scheduled events.</summary>
    GuildScheduledEvents = 1 << 16,

    /// <summary>Auto-moderation rule changes.</summary>
    AutoModerationConfiguration = 1 << 20,

    /// <summary>Auto-moderation actions.</summary>
    AutoModerationExecution = 1 << 21,

    /// <summary>Poll votes in guilds.</summary>
    GuildMessagePolls = 1 << 24,

    /// <summary>Poll votes in direct messages.</summary>
    DirectMessagePolls = 1 << 25,
}

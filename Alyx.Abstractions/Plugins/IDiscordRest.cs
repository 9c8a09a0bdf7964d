namespace Alyx.Abstractions.Plugins;

/// <summary>The Discord REST calls a plugin makes, authenticated as the bot and within Discord's rate limits.</summary>
public interface IDiscordRest
{
    /// <summary>Posts a message in a channel and returns the new message's id.</summary>
    /// <exception cref="DiscordRestException">Discord rejected the request.</exception>
    Task<ulong> CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken);

    /// <summary>Answers an interaction with a message (callback type 4), within 3 seconds of receiving it.</summary>
    /// <exception cref="DiscordRestException">Discord rejected the request.</exception>
    Task RespondToInteractionAsync(ulong interactionId, string interactionToken, string content, CancellationToken cancellationToken);
}

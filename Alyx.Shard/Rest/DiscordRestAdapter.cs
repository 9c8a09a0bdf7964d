using Alyx.Abstractions.Plugins;
using Alyx.Discord.Rest;
using PluginRestException = Alyx.Abstractions.Plugins.DiscordRestException;

namespace Alyx.Shard.Rest;

/// <summary>
/// The plugin API's REST client on top of Alyx.Discord's, which sends the token and User-Agent and keeps Discord's
/// per-route and global rate limits. Errors become the plugin API's exception, so plugins need no Alyx.Discord.
/// </summary>
public sealed class DiscordRestAdapter(DiscordRestClient client) : IDiscordRest
{
    /// <inheritdoc />
    public async Task<ulong> CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken)
    {
        try
        {
            var message = await client.CreateMessageAsync(channelId, new CreateMessageRequest(content), cancellationToken);
            return message.Id;
        }
        catch (Alyx.Discord.Rest.DiscordRestException exception)
        {
            throw Translate(exception);
        }
    }

    /// <inheritdoc />
    public async Task RespondToInteractionAsync(ulong interactionId, string interactionToken, string content, CancellationToken cancellationToken)
    {
        try
        {
            // Callback type 4 replies with a message.
            await client.CreateInteractionResponseAsync(interactionId, interactionToken, new InteractionResponse(4, new InteractionResponseData(content)), cancellationToken);
        }
        catch (Alyx.Discord.Rest.DiscordRestException exception)
        {
            throw Translate(exception);
        }
    }

    private static PluginRestException Translate(Alyx.Discord.Rest.DiscordRestException exception) =>
        new(exception.Route.Method.Method, exception.Route.Path, (int)exception.StatusCode, exception.Message);
}

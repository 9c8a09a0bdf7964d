using System.Globalization;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;

namespace Alyx.Samples.Ping;

/// <summary>Answers <c>!ping</c> in the channel with the shard that handled it.</summary>
public sealed class PingPlugin : AlyxPlugin
{
    /// <summary>The command text.</summary>
    public const string Command = "!ping";

    /// <inheritdoc />
    public override string Name => "ping";

    /// <inheritdoc />
    public override void ConfigureEvents(IPluginEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.OnMessageCreate(OnMessageAsync);
    }

    private static async ValueTask OnMessageAsync(MessageCreateEvent message, IPluginContext context, CancellationToken cancellationToken)
    {
        if (message.AuthorIsBot || !message.Content.Trim().Equals(Command, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var reply = string.Create(CultureInfo.InvariantCulture, $"pong from shard {context.Shard.ShardId}/{context.Shard.ShardCount} (message {message.MessageId})");
        await context.Rest.CreateMessageAsync(message.ChannelId, reply, cancellationToken);
    }
}

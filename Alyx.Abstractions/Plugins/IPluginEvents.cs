using Alyx.Abstractions.Plugins.Events;

namespace Alyx.Abstractions.Plugins;

/// <summary>Where a plugin registers its event handlers; several handlers per event are allowed.</summary>
public interface IPluginEvents
{
    /// <summary>Name that <see cref="OnDispatch"/> takes to receive every dispatch event.</summary>
    public const string AllEvents = "*";

    /// <summary>Registers a handler for READY, the start of a new gateway session.</summary>
    void OnReady(PluginHandler<ReadyEvent> handler);

    /// <summary>Registers a handler for GUILD_CREATE: a guild became available or the bot joined one.</summary>
    void OnGuildCreate(PluginHandler<GuildCreateEvent> handler);

    /// <summary>Registers a handler for GUILD_DELETE: a guild became unavailable or the bot left it.</summary>
    void OnGuildDelete(PluginHandler<GuildDeleteEvent> handler);

    /// <summary>Registers a handler for MESSAGE_CREATE.</summary>
    void OnMessageCreate(PluginHandler<MessageCreateEvent> handler);

    /// <summary>Registers a handler for INTERACTION_CREATE.</summary>
    void OnInteractionCreate(PluginHandler<InteractionCreateEvent> handler);

    /// <summary>
    /// Registers a handler for the dispatch events named <paramref name="eventName"/> (such as <c>MESSAGE_UPDATE</c>),
    /// or for every dispatch event with <see cref="AllEvents"/>. The handler receives the raw JSON.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is empty.</exception>
    void OnDispatch(string eventName, PluginHandler<DispatchEvent> handler);
}

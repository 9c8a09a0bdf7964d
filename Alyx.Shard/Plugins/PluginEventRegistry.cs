using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;

namespace Alyx.Shard.Plugins;

/// <summary>The handlers one plugin registered, by event name.</summary>
internal sealed class PluginEventRegistry : IPluginEvents
{
    private readonly Dictionary<string, List<Func<PluginEvent, IPluginContext, CancellationToken, ValueTask>>> _handlers = new(StringComparer.Ordinal);

    /// <summary>Whether any handler wants the event, so the dispatcher can skip the plugin's queue.</summary>
    public bool Wants(string eventName) => _handlers.ContainsKey(eventName) || _handlers.ContainsKey(IPluginEvents.AllEvents);

    /// <summary>Returns the handlers for an event: typed and raw ones by name first, then the ones for every event.</summary>
    public IEnumerable<Func<PluginEvent, IPluginContext, CancellationToken, ValueTask>> HandlersFor(string eventName)
    {
        if (_handlers.TryGetValue(eventName, out var named))
        {
            foreach (var handler in named)
            {
                yield return handler;
            }
        }

        if (_handlers.TryGetValue(IPluginEvents.AllEvents, out var all))
        {
            foreach (var handler in all)
            {
                yield return handler;
            }
        }
    }

    /// <summary>The event names with a typed handler, whose JSON the dispatcher must translate.</summary>
    public bool HasTypedHandlers { get; private set; }

    public void OnReady(PluginHandler<ReadyEvent> handler) => AddTyped(EventTranslator.Ready, handler);

    public void OnGuildCreate(PluginHandler<GuildCreateEvent> handler) => AddTyped(EventTranslator.GuildCreate, handler);

    public void OnGuildDelete(PluginHandler<GuildDeleteEvent> handler) => AddTyped(EventTranslator.GuildDelete, handler);

    public void OnMessageCreate(PluginHandler<MessageCreateEvent> handler) => AddTyped(EventTranslator.MessageCreate, handler);

    public void OnInteractionCreate(PluginHandler<InteractionCreateEvent> handler) => AddTyped(EventTranslator.InteractionCreate, handler);

    public void OnDispatch(string eventName, PluginHandler<DispatchEvent> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        Add(eventName, (e, context, token) => handler(e.Raw, context, token));
    }

    private void AddTyped<TEvent>(string eventName, PluginHandler<TEvent> handler)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        HasTypedHandlers = true;

        // A typed event that failed to translate was logged by the dispatcher; its raw handlers still run.
        Add(eventName, (e, context, token) => e.Typed is TEvent typed ? handler(typed, context, token) : ValueTask.CompletedTask);
    }

    private void Add(string eventName, Func<PluginEvent, IPluginContext, CancellationToken, ValueTask> handler)
    {
        if (!_handlers.TryGetValue(eventName, out var list))
        {
            _handlers[eventName] = list = [];
        }

        list.Add(handler);
    }
}

namespace Alyx.Abstractions.Plugins;

/// <summary>
/// Handles one event. The host runs a plugin's handlers one at a time in the order the gateway delivered the events,
/// apart from the gateway's own loop, so a slow handler delays only its own plugin.
/// </summary>
/// <typeparam name="TEvent">The event record.</typeparam>
/// <param name="event">The event.</param>
/// <param name="context">The plugin's view of the shard.</param>
/// <param name="cancellationToken">Fires when the host stops waiting for in-flight handlers on shutdown.</param>
public delegate ValueTask PluginHandler<in TEvent>(TEvent @event, IPluginContext context, CancellationToken cancellationToken);

using Alyx.Abstractions.Plugins.Events;

namespace Alyx.Shard.Plugins;

/// <summary>One dispatch event as every plugin queue shares it: the raw form and, for the common events, the typed record.</summary>
/// <param name="Raw">The event name, sequence and JSON.</param>
/// <param name="Typed">The typed record, or null for other events and for JSON that did not match.</param>
/// <param name="ReceivedAt">Timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the gateway handed it over.</param>
internal sealed record PluginEvent(DispatchEvent Raw, object? Typed, long ReceivedAt);

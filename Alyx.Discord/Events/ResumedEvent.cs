using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>RESUMED: every missed event was replayed and the session continues.</summary>
/// <param name="Trace">Debug trace of the gateway servers, when present.</param>
public sealed record ResumedEvent([property: JsonPropertyName("_trace")] IReadOnlyList<string>? Trace = null);

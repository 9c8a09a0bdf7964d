using System.Text.Json;

namespace Alyx.Abstractions.Plugins.Events;

/// <summary>Any dispatch event, with the raw JSON of its <c>d</c> field.</summary>
/// <param name="Name">The event name, such as <c>MESSAGE_UPDATE</c>.</param>
/// <param name="Sequence">The sequence number of the event in its gateway session.</param>
/// <param name="Utf8Json">The UTF-8 JSON of the event's data.</param>
public sealed record DispatchEvent(string Name, int Sequence, ReadOnlyMemory<byte> Utf8Json)
{
    /// <summary>Deserializes the data; snowflakes are JSON strings, so read them with number handling or as strings.</summary>
    /// <exception cref="JsonException">The JSON does not match <typeparamref name="T"/>.</exception>
    public T? Deserialize<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Utf8Json.Span, options ?? JsonSerializerOptions.Web);
}

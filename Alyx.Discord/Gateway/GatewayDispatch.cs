using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alyx.Discord.Json;

namespace Alyx.Discord.Gateway;

/// <summary>A dispatch event as subscribers receive it: the event name, its sequence number and the raw JSON of <c>d</c>.</summary>
/// <param name="ShardId">The shard that received the event.</param>
/// <param name="Name">The event name, such as MESSAGE_CREATE.</param>
/// <param name="Sequence">The sequence number of the event in its session.</param>
/// <param name="Data">The UTF-8 JSON of the event's <c>d</c> field.</param>
public sealed record GatewayDispatch(int ShardId, string Name, int Sequence, ReadOnlyMemory<byte> Data)
{
    /// <summary>Deserializes <see cref="Data"/> with the given metadata, for events without a typed record here.</summary>
    /// <exception cref="JsonException">The JSON does not match <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(Data.Span, typeInfo)
            ?? throw new JsonException($"The {Name} event carried null where {typeof(T).Name} was expected.");

    /// <summary>
    /// Returns the typed record of READY, RESUMED, GUILD_CREATE, GUILD_DELETE, MESSAGE_CREATE and INTERACTION_CREATE,
    /// or <see langword="null"/> for any other event.
    /// </summary>
    /// <exception cref="JsonException">The JSON does not match the event's record.</exception>
    public object? ToTypedEvent() => Name switch
    {
        DispatchEventNames.Ready => Deserialize(DiscordJsonContext.Default.ReadyEvent),
        DispatchEventNames.Resumed => Data.Span.SequenceEqual("null"u8) ? new Events.ResumedEvent() : Deserialize(DiscordJsonContext.Default.ResumedEvent),
        DispatchEventNames.GuildCreate => Deserialize(DiscordJsonContext.Default.GuildCreateEvent),
        DispatchEventNames.GuildDelete => Deserialize(DiscordJsonContext.Default.GuildDeleteEvent),
        DispatchEventNames.MessageCreate => Deserialize(DiscordJsonContext.Default.MessageCreateEvent),
        DispatchEventNames.InteractionCreate => Deserialize(DiscordJsonContext.Default.InteractionCreateEvent),
        _ => null,
    };
}

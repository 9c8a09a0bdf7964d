namespace Alyx.Testing.Emulator;

/// <summary>A dispatch event for the emulator to send: its name and the JSON of its <c>d</c> field.</summary>
/// <param name="Name">The event name, such as MESSAGE_CREATE.</param>
/// <param name="Json">The JSON of the event's data.</param>
public sealed record EmulatedEvent(string Name, string Json);

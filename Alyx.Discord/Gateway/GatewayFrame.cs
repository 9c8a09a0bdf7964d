namespace Alyx.Discord.Gateway;

/// <summary>
/// One gateway payload, <c>{"op", "d", "s", "t"}</c>, with <c>d</c> kept as raw UTF-8 JSON so that only the events a
/// subscriber reads are deserialized.
/// </summary>
/// <param name="Opcode">The <c>op</c> field; see <see cref="GatewayOpcodes"/>.</param>
/// <param name="Sequence">The <c>s</c> field: set on dispatches only.</param>
/// <param name="EventName">The <c>t</c> field: set on dispatches only.</param>
/// <param name="Data">The raw JSON of <c>d</c>, or the four bytes <c>null</c> when it is absent.</param>
public readonly record struct GatewayFrame(int Opcode, int? Sequence, string? EventName, ReadOnlyMemory<byte> Data);

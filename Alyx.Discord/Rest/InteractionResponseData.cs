namespace Alyx.Discord.Rest;

/// <summary>The message of an interaction reply.</summary>
/// <param name="Content">The message text.</param>
/// <param name="Flags">Message flags; 64 makes the reply visible to the invoking user only.</param>
public sealed record InteractionResponseData(string? Content, int? Flags = null);

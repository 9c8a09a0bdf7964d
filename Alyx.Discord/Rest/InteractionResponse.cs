namespace Alyx.Discord.Rest;

/// <summary>The body of <c>POST /interactions/{id}/{token}/callback</c>.</summary>
/// <param name="Type">4 replies with a message, 5 defers the reply, 6 and 7 update a component's message.</param>
/// <param name="Data">The reply message, for types that carry one.</param>
public sealed record InteractionResponse(int Type, InteractionResponseData? Data = null);

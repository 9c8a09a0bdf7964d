namespace Alyx.Discord.Rest;

/// <summary>The body of <c>POST /channels/{channel.id}/messages</c>, with the fields Alyx sends.</summary>
/// <param name="Content">The message text, at most 2000 characters.</param>
public sealed record CreateMessageRequest(string Content);

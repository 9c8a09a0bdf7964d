namespace Alyx.Samples.Tests.Support;

/// <summary>A message that a plugin posted to the emulator.</summary>
/// <param name="Path">The REST path, <c>/api/v10/channels/{channel id}/messages</c>.</param>
/// <param name="Content">The message text.</param>
public sealed record PostedMessage(string Path, string Content);

namespace Alyx.Testing.Emulator;

/// <summary>A REST request that a plugin or client sent to the emulator's message or interaction routes.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, starting with <c>/api/v10/</c>.</param>
/// <param name="Body">The request body as text.</param>
/// <param name="Time">When it arrived.</param>
/// <param name="UserAgent">The User-Agent header.</param>
public sealed record RecordedRequest(string Method, string Path, string Body, DateTimeOffset Time, string UserAgent);

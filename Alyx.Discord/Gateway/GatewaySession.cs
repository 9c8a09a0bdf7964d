namespace Alyx.Discord.Gateway;

/// <summary>What a connection needs to RESUME a session, so a successor process can take it over.</summary>
/// <param name="SessionId">The session id from READY.</param>
/// <param name="Sequence">The last sequence number received.</param>
/// <param name="ResumeGatewayUrl">The URL from READY to reconnect to for the resume.</param>
public sealed record GatewaySession(string SessionId, int Sequence, string ResumeGatewayUrl);

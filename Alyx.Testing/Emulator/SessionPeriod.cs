namespace Alyx.Testing.Emulator;

/// <summary>
/// A time during which a session was live on one connection: from READY (or RESUMED) until the connection closed
/// or went one heartbeat interval plus the grace without a heartbeat.
/// </summary>
/// <param name="Shard">The shard id of the session.</param>
/// <param name="SessionId">The session id.</param>
/// <param name="Opened">When READY or RESUMED was sent.</param>
/// <param name="Closed">When the session stopped being live on this connection, or null while it is live.</param>
/// <param name="Resumed">Whether the period began with a RESUME rather than an IDENTIFY.</param>
public sealed record SessionPeriod(int Shard, string SessionId, DateTimeOffset Opened, DateTimeOffset? Closed, bool Resumed);

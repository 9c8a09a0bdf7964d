namespace Alyx.Shard.Routes;

/// <summary>The request of the <c>alyx.ping</c> route; it carries nothing.</summary>
public sealed record PingRequest;

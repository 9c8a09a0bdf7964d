namespace Alyx.Discord.Gateway;

/// <summary>How one connection ended and what the shard does next.</summary>
/// <param name="Action">Resume, identify again, or stop for good.</param>
/// <param name="Reason">Why, for logs and state changes.</param>
/// <param name="Failure">Set when <paramref name="Action"/> is <see cref="CloseAction.Fatal"/>.</param>
/// <param name="InvalidSessionDelay">Whether to wait the random INVALID_SESSION delay before identifying again.</param>
/// <param name="ReachedReady">Whether the connection got to READY or RESUMED, which resets the reconnect backoff.</param>
internal sealed record ConnectionOutcome(CloseAction Action, string Reason, GatewayFailure? Failure = null, bool InvalidSessionDelay = false, bool ReachedReady = false);

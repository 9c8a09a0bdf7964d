namespace Alyx.Coordination.Messaging;

/// <summary>
/// The failure a reply reports instead of a payload.
/// </summary>
/// <param name="Type">The handler's exception type name, or <c>RouteNotFound</c>.</param>
/// <param name="Message">The exception message.</param>
public sealed record MessageError(string Type, string Message)
{
    /// <summary>The error type of a reply from a receiver with no handler for the route.</summary>
    public const string RouteNotFound = "RouteNotFound";
}

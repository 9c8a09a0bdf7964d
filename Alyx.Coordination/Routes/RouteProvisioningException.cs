namespace Alyx.Coordination.Routes;

/// <summary>Creating or removing a route failed; the message names the queue or subscription and the cause.</summary>
public sealed class RouteProvisioningException(string message, Exception? innerException = null) : Exception(message, innerException);

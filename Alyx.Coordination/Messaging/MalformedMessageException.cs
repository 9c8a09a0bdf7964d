namespace Alyx.Coordination.Messaging;

/// <summary>Bytes received from a transport are not a valid envelope.</summary>
public sealed class MalformedMessageException(string message, Exception? innerException = null)
    : Exception(message, innerException);

using StackExchange.Redis;

namespace Alyx.Coordination.Redis;

/// <summary>Sorts client errors into outages (unknown outcome, retry later) and the rest (bugs, bad scripts).</summary>
internal static class RedisErrors
{
    public static bool IsOutage(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException
            || (exception is RedisServerException server && IsTransientServerError(server.Message));

    /// <summary>Runs one plain command and turns an outage into <see cref="CoordinationUnavailableException"/>.</summary>
    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new CoordinationUnavailableException(operation, exception);
        }
    }

    // A server that is still loading its data set, or a replica cut off from its primary, replies with these errors;
    // both pass once the server recovers.
    private static bool IsTransientServerError(string message) =>
        message.StartsWith("LOADING", StringComparison.Ordinal)
            || message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || message.StartsWith("READONLY", StringComparison.Ordinal)
            || message.StartsWith("TRYAGAIN", StringComparison.Ordinal);
}

using System.Net;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>Reading <c>GET /gateway/bot</c>, and the Degraded condition when Discord rejects the token or cannot be reached.</summary>
public sealed partial class ShardReconciler
{
    /// <summary>
    /// Returns Discord's gateway information, or null after writing a Degraded status: AuthenticationFailed for a
    /// rejected token, DiscordUnreachable for a refused connection, a timeout or a 5xx response. Either way no shard
    /// is launched, and the next pass tries again after the resync interval.
    /// </summary>
    private async Task<GatewayBotInfo?> ReadGatewayAsync(
        ClusterStatus? status, ClusterSpec spec, long leaderFencingToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string reason;
        string message;
        try
        {
            return await _gateway.GetAsync(cancellationToken);
        }
        catch (DiscordRestException exception) when (exception.StatusCode == HttpStatusCode.Unauthorized)
        {
            reason = "AuthenticationFailed";
            message = "GET /gateway/bot rejected the bot token (HTTP 401). Set a valid token; no shard is launched until then.";
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            reason = "DiscordUnreachable";
            message = $"GET {_gateway.Url} failed: {ErrorText(exception)}. Check that the Discord REST URL (ALYX_DISCORD_REST_URL or --discord-api) "
                + "is right and that the server is up; no shard is launched until it responds.";
            LogDiscordUnreachable(_gateway.Url, ErrorText(exception));
            LogDiscordUnreachableDetail(exception);
        }

        var degraded = Condition(ClusterConditionTypes.Degraded, ConditionStatus.True, reason, message, spec.Generation);
        await WriteStatusAsync(status, spec, status?.ActiveShardSetEpoch ?? 1, status?.ShardCount ?? 0, status?.Shards ?? [], [degraded], leaderFencingToken, now, cancellationToken);
        return null;
    }

    // Transport failures (HttpRequestException), HttpClient's timeout (a cancellation the caller did not request) and
    // server errors mean Discord is unreachable. A 4xx other than 401 is a request the orchestrator got wrong, so it
    // fails the pass instead.
    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        DiscordRestException rest => (int)rest.StatusCode >= 500,
        _ => false,
    };

    // HttpRequestException puts the socket error in its inner exception; both messages together name the cause.
    private static string ErrorText(Exception exception)
    {
        var text = exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
    }

    [LoggerMessage(EventId = 8215, Level = LogLevel.Warning, Message = "Discord REST API at {Url} is unreachable: {Error}; no shard is launched until it responds")]
    private partial void LogDiscordUnreachable(Uri url, string error);

    [LoggerMessage(EventId = 8216, Level = LogLevel.Debug, Message = "Discord REST API unreachable, with stack trace")]
    private partial void LogDiscordUnreachableDetail(Exception exception);
}

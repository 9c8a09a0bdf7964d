using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>The messenger's source-generated log messages. Event IDs 3000-3099 belong to messaging.</summary>
public sealed partial class Messenger
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Messenger started on inbox {Inbox} over {Transport}")]
    private partial void LogStarted(string inbox, string transport);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Messenger on inbox {Inbox} stopped")]
    private partial void LogStopped(string inbox);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Messenger on inbox {Inbox} stopped with {Count} handlers still running")]
    private partial void LogHandlersStillRunning(string inbox, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Payload of message {MessageId} on route {Route} ({Bytes} bytes) stored under {Key}")]
    private partial void LogPayloadStored(string messageId, string route, int bytes, string key);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Request {CorrelationId} on route {Route} to {Target} timed out after {TimeoutMs} ms")]
    private partial void LogRequestTimedOut(string correlationId, string route, string target, double timeoutMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Broadcast {CorrelationId} on route {Route} got {Replies} of {Shards} replies")]
    private partial void LogBroadcastFinished(string correlationId, string route, int replies, int shards);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Rejected a message of {Bytes} bytes on inbox {Inbox}: above the limit of {Limit} bytes")]
    private partial void LogOversizedRejected(string inbox, int bytes, int limit);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Rejected a malformed message of {Bytes} bytes on inbox {Inbox}: {Reason}")]
    private partial void LogMalformedRejected(string inbox, int bytes, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Message {MessageId} on route {Route} was delivered {Count} times without being settled")]
    private partial void LogTooManyDeliveries(string messageId, string route, int count);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Reply to {CorrelationId} on route {Route} from {Source} matched no waiting request")]
    private partial void LogUnmatchedReply(string correlationId, string route, string source);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Dropped message {MessageId} on route {Route} from {Source}: its deadline {Deadline:O} has passed")]
    private partial void LogExpiredDropped(string messageId, string route, string source, DateTimeOffset deadline);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Skipped message {MessageId} on route {Route} (delivery {Delivery}): already handled or in flight")]
    private partial void LogDuplicateSkipped(string messageId, string route, int delivery);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "No handler for route {Route}; replied with RouteNotFound to {Source}")]
    private partial void LogRouteNotFound(string route, string source);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Handler of route {Route} failed on message {MessageId}, attempt {Attempt} of {MaxAttempts}")]
    private partial void LogHandlerFailed(Exception exception, string route, string messageId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Sending the reply to {CorrelationId} on route {Route} to inbox {Inbox} failed")]
    private partial void LogReplyFailed(Exception exception, string correlationId, string route, string inbox);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Settling a message on inbox {Inbox} by {Operation} failed; it will be delivered again")]
    private partial void LogSettleFailed(Exception exception, string inbox, string operation);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "Deleting the transient inbox {Inbox} failed")]
    private partial void LogInboxDeleteFailed(Exception exception, string inbox);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Warning, Message = "Sending request {CorrelationId} on route {Route} failed on attempt {Attempt}; retrying in {PauseMs} ms")]
    private partial void LogSendFailed(Exception exception, string correlationId, string route, int attempt, double pauseMs);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Moved a message on inbox {Inbox} to the dead-letter queue: {Reason}")]
    private partial void LogDeadLettered(string inbox, string reason);
}

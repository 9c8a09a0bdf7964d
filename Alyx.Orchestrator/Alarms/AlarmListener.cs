using System.Globalization;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Reconcile;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// Reads CloudWatch alarm notifications from the cluster's alarm queue and turns each into an action and an
/// AlarmReceived event. Only the leader runs it (<see cref="Leadership.OrchestratorRunner"/> starts it per leadership
/// term), so a standby leaves the messages in the queue. A notification is deleted once its event is written; a
/// malformed one is logged, counted and deleted at once; one whose handling keeps failing is deleted after
/// <see cref="AlarmOptions.MaxReceiveCount"/> receives.
/// </summary>
public sealed partial class AlarmListener
{
    private const int MaxMessagesPerReceive = 10;

    private readonly IAmazonSQS _sqs;
    private readonly AlarmOptions _options;
    private readonly string _cluster;
    private readonly IClusterStateStore _state;
    private readonly RestartRequests _restarts;
    private readonly AlarmCooldowns _cooldowns;
    private readonly IEventLog _events;
    private readonly ILogger<AlarmListener> _logger;

    /// <summary>Creates the listener.</summary>
    /// <param name="sqs">The SQS client of the alarm queue.</param>
    /// <param name="options">Queue, rules and limits; validated here, and <see cref="AlarmOptions.QueueUrl"/> is required.</param>
    /// <param name="cluster">The cluster this orchestrator manages.</param>
    /// <param name="state">The cluster's spec and status.</param>
    /// <param name="restarts">The restart path that <c>alyx shards restart</c> uses too.</param>
    /// <param name="cooldowns">The action cooldowns.</param>
    /// <param name="events">The operator event log.</param>
    /// <param name="logger">The logger.</param>
    public AlarmListener(
        IAmazonSQS sqs, AlarmOptions options, string cluster, IClusterStateStore state, RestartRequests restarts,
        AlarmCooldowns cooldowns, IEventLog events, ILogger<AlarmListener> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.QueueUrl is null)
        {
            throw new ArgumentException("Alarm options have no QueueUrl; set ALYX_ALARM_QUEUE_URL or do not create the listener.", nameof(options));
        }

        _sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
        _options = options;
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _restarts = restarts ?? throw new ArgumentNullException(nameof(restarts));
        _cooldowns = cooldowns ?? throw new ArgumentNullException(nameof(cooldowns));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised after each notification's decision is recorded; tests and the CLI observe it.</summary>
    public event EventHandler<AlarmDecision>? Decided;

    /// <summary>What the listener did so far.</summary>
    public AlarmStatistics Statistics { get; } = new();

    /// <summary>Reads and handles notifications until <paramref name="cancellationToken"/> fires (the end of the leadership term).</summary>
    /// <param name="onAction">Called after a restart or reshard was requested, so the reconcile loop runs a pass at once.</param>
    /// <param name="cancellationToken">Stops the listener.</param>
    public async Task RunAsync(Action? onAction, CancellationToken cancellationToken)
    {
        LogStarted(_options.QueueUrl!, _options.Rules.Count);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var messages = await ReceiveAsync(cancellationToken);
                failures = 0;
                for (var i = 0; i < messages.Count; i++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        await ReleaseAsync(messages.Skip(i));
                        return;
                    }

                    if (await HandleAsync(messages[i], cancellationToken))
                    {
                        onAction?.Invoke();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(failures, 8))) * (0.5 + (Random.Shared.NextDouble() / 2)));
                LogReceiveFailed(exception, _options.QueueUrl!, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<List<Message>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var response = await _sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = _options.QueueUrl,
                MaxNumberOfMessages = MaxMessagesPerReceive,
                WaitTimeSeconds = (int)_options.ReceiveWaitTime.TotalSeconds,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            },
            cancellationToken);
        return response.Messages ?? [];
    }

    // Returns true when the notification led to an action.
    private async Task<bool> HandleAsync(Message message, CancellationToken cancellationToken)
    {
        Statistics.OnReceived();
        if (!AlarmNotificationParser.TryParse(message.Body ?? "", out var notification, out var error))
        {
            Statistics.OnMalformed();
            LogMalformed(message.MessageId, error, Statistics.Malformed);
            await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, cancellationToken);
            return false;
        }

        try
        {
            var decision = await DecideAsync(notification, cancellationToken);
            await _events.AppendAsync(
                new OperatorEvent(OperatorEventTypes.AlarmReceived, decision.Reason, decision.Message, ShardId: decision.ShardId),
                cancellationToken);
            Statistics.OnDecided(decision.Acted);
            LogDecided(notification.AlarmName, notification.NewState, decision.Reason, decision.Message);
            await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, cancellationToken);
            Decided?.Invoke(this, decision);
            return decision.Acted;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
        {
            var receives = ReceiveCount(message);
            if (receives < _options.MaxReceiveCount)
            {
                // The message becomes visible again when its visibility timeout ends, and the next receive retries it.
                LogHandlingFailed(exception, notification.AlarmName, receives, _options.MaxReceiveCount);
                return false;
            }

            Statistics.OnFailed();
            LogGaveUp(exception, notification.AlarmName, receives);
            await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, cancellationToken);
            return false;
        }
    }

    // Messages received but not handled when the term ended go back to the queue for the next leader.
    private async Task ReleaseAsync(IEnumerable<Message> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                await _sqs.ChangeMessageVisibilityAsync(_options.QueueUrl, message.ReceiptHandle, 0);
            }
            catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException)
            {
                LogReleaseFailed(exception, message.MessageId);
            }
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is { } attributes
        && attributes.TryGetValue("ApproximateReceiveCount", out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 1;

    [LoggerMessage(EventId = 8260, Level = LogLevel.Information, Message = "Listening for alarm notifications on {QueueUrl} with {RuleCount} rules")]
    private partial void LogStarted(string queueUrl, int ruleCount);

    [LoggerMessage(EventId = 8261, Level = LogLevel.Warning, Message = "Receiving from alarm queue {QueueUrl} failed; retrying in {DelayMs} ms")]
    private partial void LogReceiveFailed(Exception exception, string queueUrl, double delayMs);

    [LoggerMessage(EventId = 8262, Level = LogLevel.Warning, Message = "Deleted message {MessageId} from the alarm queue: {Error} ({MalformedCount} malformed so far)")]
    private partial void LogMalformed(string messageId, string error, long malformedCount);

    [LoggerMessage(EventId = 8263, Level = LogLevel.Information, Message = "Alarm {AlarmName} is {State}: {Reason}. {Decision}")]
    private partial void LogDecided(string alarmName, AlarmState state, string reason, string decision);

    [LoggerMessage(EventId = 8264, Level = LogLevel.Warning, Message = "Handling alarm {AlarmName} failed on receive {Receives} of {MaxReceives}; it is retried")]
    private partial void LogHandlingFailed(Exception exception, string alarmName, int receives, int maxReceives);

    [LoggerMessage(EventId = 8265, Level = LogLevel.Error, Message = "Handling alarm {AlarmName} failed {Receives} times; the notification is deleted")]
    private partial void LogGaveUp(Exception exception, string alarmName, int receives);

    [LoggerMessage(EventId = 8266, Level = LogLevel.Warning, Message = "Releasing alarm message {MessageId} at the end of the leadership term failed")]
    private partial void LogReleaseFailed(Exception exception, string messageId);
}

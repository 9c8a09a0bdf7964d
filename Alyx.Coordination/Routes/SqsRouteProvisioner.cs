using System.Globalization;
using Alyx.Aws.Http;
using Alyx.Aws.Sns;
using Alyx.Coordination.Messaging;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Routes;

/// <summary>
/// The routes of a shard set on SNS+SQS: per shard one standard queue named by <see cref="SqsRouteNames"/>, with the
/// cluster's dead-letter queue as redrive target and a queue policy that lets the bus topic send, subscribed to the
/// bus topic with raw delivery and the filter policy of <see cref="BusAttributes.FilterPolicy"/>. Ensuring a set again
/// repairs a queue deleted or a queue or subscription attribute changed since. Retiring unsubscribes
/// each queue, then deletes it. The cluster's dead-letter queue stays for inspection.
/// </summary>
public sealed partial class SqsRouteProvisioner : IRouteProvisioner
{
    private readonly IAmazonSQS _sqs;
    private readonly ISnsClient _sns;
    private readonly SqsRouteOptions _options;
    private readonly SqsRouteNames _names;
    private readonly ILogger<SqsRouteProvisioner> _logger;

    /// <summary>Creates the provisioner.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names each.</exception>
    public SqsRouteProvisioner(IAmazonSQS sqs, ISnsClient sns, SqsRouteOptions options, ILogger<SqsRouteProvisioner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
        _sns = sns ?? throw new ArgumentNullException(nameof(sns));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options;
        _names = new SqsRouteNames(options.QueuePrefix, options.Cluster);
    }

    /// <summary>The queue names this provisioner uses.</summary>
    public SqsRouteNames Names => _names;

    /// <inheritdoc />
    public Task<RouteChanges> EnsureShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken) =>
        RunAsync("create", shardSet, shardCount, async () =>
        {
            var changes = new RouteChangeCounter();
            var deadLetterUrl = await EnsureQueueAsync(_names.DeadLetterQueue, null, DeadLetterAttributes(), changes, cancellationToken);
            var deadLetterArn = await QueueArnAsync(deadLetterUrl, cancellationToken);
            var subscriptions = (await _sns.ListSubscriptionsByTopicAsync(_options.BusTopicArn, cancellationToken))
                .ToLookup(subscription => subscription.Endpoint, subscription => subscription.SubscriptionArn, StringComparer.Ordinal);

            await Parallel.ForEachAsync(
                Enumerable.Range(0, shardCount),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
                async (shardId, token) =>
                {
                    var queueName = _names.ShardQueue(shardSet, shardId);
                    var queueArn = QueueArnOf(queueName);
                    var url = await EnsureQueueAsync(queueName, shardId, ShardQueueAttributes(queueArn, deadLetterArn), changes, token);
                    var actualArn = await QueueArnAsync(url, token);
                    var filterPolicy = BusAttributes.FilterPolicy(shardSet, shardId);
                    var subscribed = false;
                    foreach (var subscriptionArn in subscriptions[actualArn])
                    {
                        subscribed |= await RepairSubscriptionAsync(subscriptionArn, queueName, shardId, filterPolicy, changes, token);
                    }

                    if (!subscribed)
                    {
                        // One Subscribe call sets every attribute, so a subscription never exists without its filter.
                        await _sns.SubscribeAsync(
                            new SnsSubscribeRequest(_options.BusTopicArn, "sqs", actualArn) { FilterPolicy = filterPolicy, RawMessageDelivery = true },
                            token);
                        changes.SubscriptionCreated(new RouteRepair(RouteKind.Subscription, queueName, shardId, "created"));
                    }
                });
            return changes.ToChanges();
        });

    /// <inheritdoc />
    public Task<RouteChanges> RetireShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken) =>
        RunAsync("retire", shardSet, shardCount, async () =>
        {
            var changes = new RouteChangeCounter();
            var subscriptions = await _sns.ListSubscriptionsByTopicAsync(_options.BusTopicArn, cancellationToken);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, shardCount),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
                async (shardId, token) =>
                {
                    var queueName = _names.ShardQueue(shardSet, shardId);
                    string? url = null;
                    try
                    {
                        url = (await _sqs.GetQueueUrlAsync(queueName, token)).QueueUrl;
                    }
                    catch (QueueDoesNotExistException)
                    {
                        // Deleted by an earlier call; its subscription may still be left if that call stopped halfway.
                    }

                    // Unsubscribe first, so SNS never delivers to a queue that is gone.
                    var queueArn = url is null ? QueueArnOf(queueName) : await QueueArnAsync(url, token);
                    foreach (var subscription in subscriptions.Where(subscription => subscription.Endpoint == queueArn))
                    {
                        await _sns.UnsubscribeAsync(subscription.SubscriptionArn, token);
                        changes.SubscriptionDeleted();
                    }

                    if (url is not null && await DeleteQueueAsync(url, token))
                    {
                        changes.QueueDeleted();
                    }
                });
            return changes.ToChanges();
        });

    private async Task<RouteChanges> RunAsync(string action, long shardSet, int shardCount, Func<Task<RouteChanges>> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardSet);
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        try
        {
            var changes = await work();
            LogProvisioned(action, shardSet, shardCount, changes);
            return changes;
        }
        catch (Exception exception) when (exception is AmazonServiceException or AwsServiceException or HttpRequestException)
        {
            throw new RouteProvisioningException(
                $"Failed to {action} the SQS routes of shard set {shardSet} ({shardCount} shards) of cluster '{_options.Cluster}' "
                + $"on topic {_options.BusTopicArn}: {exception.Message}", exception);
        }
    }

    // Returns the queue's URL, creating the queue or repairing attributes that differ from the wanted ones.
    private async Task<string> EnsureQueueAsync(
        string queueName, int? shardId, Dictionary<string, string> wanted, RouteChangeCounter changes, CancellationToken cancellationToken)
    {
        string url;
        try
        {
            url = (await _sqs.GetQueueUrlAsync(queueName, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            // CreateQueue returns the existing queue when a concurrent caller created it with the same attributes.
            url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = queueName, Attributes = wanted }, cancellationToken)).QueueUrl;
            changes.QueueCreated(new RouteRepair(RouteKind.Queue, queueName, shardId, "created"));
            return url;
        }

        var actual = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, [.. wanted.Keys]), cancellationToken)).Attributes;
        var differing = wanted
            .Where(pair => !QueueAttributeComparer.AreEqual(pair.Key, pair.Value, actual.GetValueOrDefault(pair.Key)))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        if (differing.Count > 0)
        {
            // A leader that stopped halfway, or an operator's edit: put the attributes back.
            await _sqs.SetQueueAttributesAsync(url, differing, cancellationToken);
            changes.QueueUpdated(new RouteRepair(RouteKind.Queue, queueName, shardId, "set " + string.Join(", ", differing.Keys)));
            LogQueueRepaired(queueName, string.Join(", ", differing.Keys));
        }

        return url;
    }

    // Puts back the attributes that route bus messages to this shard only; returns false when the subscription is gone.
    private async Task<bool> RepairSubscriptionAsync(
        string subscriptionArn, string queueName, int shardId, string filterPolicy, RouteChangeCounter changes, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> actual;
        try
        {
            actual = await _sns.GetSubscriptionAttributesAsync(subscriptionArn, cancellationToken);
        }
        catch (AwsResourceNotFoundException)
        {
            // Unsubscribed between the listing and this call.
            return false;
        }

        // FilterPolicy goes first: the shard's policy is valid in either scope, while a body policy may be invalid for attributes.
        var differing = new List<(string Name, string Value)>();
        if (!QueueAttributeComparer.AreEqual("FilterPolicy", filterPolicy, actual.GetValueOrDefault("FilterPolicy")))
        {
            differing.Add(("FilterPolicy", filterPolicy));
        }

        // SNS leaves out FilterPolicyScope when it was never set, and then filters on message attributes.
        if (actual.GetValueOrDefault("FilterPolicyScope") is { } scope && !string.Equals(scope, "MessageAttributes", StringComparison.Ordinal))
        {
            differing.Add(("FilterPolicyScope", "MessageAttributes"));
        }

        if (!string.Equals(actual.GetValueOrDefault("RawMessageDelivery"), "true", StringComparison.OrdinalIgnoreCase))
        {
            differing.Add(("RawMessageDelivery", "true"));
        }

        if (differing.Count == 0)
        {
            return true;
        }

        foreach (var (name, value) in differing)
        {
            await _sns.SetSubscriptionAttributesAsync(subscriptionArn, name, value, cancellationToken);
        }

        var names = string.Join(", ", differing.Select(attribute => attribute.Name));
        changes.SubscriptionUpdated(new RouteRepair(RouteKind.Subscription, queueName, shardId, "set " + names));
        LogSubscriptionRepaired(subscriptionArn, queueName, names);
        return true;
    }

    private async Task<string> QueueArnAsync(string url, CancellationToken cancellationToken) =>
        (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["QueueArn"]), cancellationToken)).QueueARN;

    private async Task<bool> DeleteQueueAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            await _sqs.DeleteQueueAsync(url, cancellationToken);
            return true;
        }
        catch (QueueDoesNotExistException)
        {
            return false;
        }
    }

    // An SQS queue ARN has the topic's partition, region and account: arn:PARTITION:sqs:REGION:ACCOUNT:NAME.
    private string QueueArnOf(string queueName)
    {
        var parts = _options.BusTopicArn.Split(':');
        return $"arn:{parts[1]}:sqs:{parts[3]}:{parts[4]}:{queueName}";
    }

    private Dictionary<string, string> DeadLetterAttributes() => new()
    {
        ["MessageRetentionPeriod"] = Seconds(_options.DeadLetterRetention),
    };

    private Dictionary<string, string> ShardQueueAttributes(string queueArn, string deadLetterArn) => new()
    {
        ["VisibilityTimeout"] = Seconds(_options.VisibilityTimeout),
        ["RedrivePolicy"] = QueueAttributeComparer.RedrivePolicy(deadLetterArn, _options.MaxReceiveCount),
        ["Policy"] = QueueAttributeComparer.TopicSendPolicy(queueArn, _options.BusTopicArn),
    };

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 3080, Level = LogLevel.Information, Message = "Routes {Action}: shard set {ShardSet} ({ShardCount} shards): {Changes}")]
    private partial void LogProvisioned(string action, long shardSet, int shardCount, RouteChanges changes);

    [LoggerMessage(EventId = 3081, Level = LogLevel.Warning, Message = "Queue {QueueName} had other attributes than its route needs; set {Attributes} again")]
    private partial void LogQueueRepaired(string queueName, string attributes);

    [LoggerMessage(EventId = 3082, Level = LogLevel.Warning, Message = "Subscription {SubscriptionArn} of queue {QueueName} had other attributes than its route needs; set {Attributes} again")]
    private partial void LogSubscriptionRepaired(string subscriptionArn, string queueName, string attributes);
}

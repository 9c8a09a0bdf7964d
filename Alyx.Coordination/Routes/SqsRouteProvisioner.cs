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
/// bus topic with raw delivery and the filter policy of <see cref="BusAttributes.FilterPolicy"/>. Retiring unsubscribes
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
            var changes = new ChangeCounter();
            var deadLetterUrl = await EnsureQueueAsync(_names.DeadLetterQueue, DeadLetterAttributes(), changes, cancellationToken);
            var deadLetterArn = await QueueArnAsync(deadLetterUrl, cancellationToken);
            var subscribed = (await _sns.ListSubscriptionsByTopicAsync(_options.BusTopicArn, cancellationToken))
                .Select(subscription => subscription.Endpoint)
                .ToHashSet(StringComparer.Ordinal);

            await Parallel.ForEachAsync(
                Enumerable.Range(0, shardCount),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
                async (shardId, token) =>
                {
                    var queueName = _names.ShardQueue(shardSet, shardId);
                    var queueArn = QueueArnOf(queueName);
                    var url = await EnsureQueueAsync(queueName, ShardQueueAttributes(queueArn, deadLetterArn), changes, token);
                    var actualArn = await QueueArnAsync(url, token);
                    if (!subscribed.Contains(actualArn))
                    {
                        // One Subscribe call sets every attribute, so a subscription never exists without its filter.
                        await _sns.SubscribeAsync(
                            new SnsSubscribeRequest(_options.BusTopicArn, "sqs", actualArn)
                            {
                                FilterPolicy = BusAttributes.FilterPolicy(shardSet, shardId),
                                RawMessageDelivery = true,
                            },
                            token);
                        changes.SubscriptionCreated();
                    }
                });
            return changes.ToChanges();
        });

    /// <inheritdoc />
    public Task<RouteChanges> RetireShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken) =>
        RunAsync("retire", shardSet, shardCount, async () =>
        {
            var changes = new ChangeCounter();
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
        string queueName, Dictionary<string, string> wanted, ChangeCounter changes, CancellationToken cancellationToken)
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
            changes.QueueCreated();
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
            changes.QueueUpdated();
            LogQueueRepaired(queueName, string.Join(", ", differing.Keys));
        }

        return url;
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

    // Counts changes made by parallel workers.
    private sealed class ChangeCounter
    {
        private int _queuesCreated;
        private int _queuesUpdated;
        private int _queuesDeleted;
        private int _subscriptionsCreated;
        private int _subscriptionsDeleted;

        public void QueueCreated() => Interlocked.Increment(ref _queuesCreated);

        public void QueueUpdated() => Interlocked.Increment(ref _queuesUpdated);

        public void QueueDeleted() => Interlocked.Increment(ref _queuesDeleted);

        public void SubscriptionCreated() => Interlocked.Increment(ref _subscriptionsCreated);

        public void SubscriptionDeleted() => Interlocked.Increment(ref _subscriptionsDeleted);

        public RouteChanges ToChanges() => new(_queuesCreated, _queuesUpdated, _queuesDeleted, _subscriptionsCreated, _subscriptionsDeleted);
    }
}

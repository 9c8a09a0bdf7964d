namespace Alyx.Aws.Sns;

/// <summary>The Amazon SNS calls Alyx makes. Failures throw <see cref="Http.AwsServiceException"/> subclasses.</summary>
public interface ISnsClient
{
    /// <summary>Creates a topic, or returns the ARN of the existing one with the same name and attributes.</summary>
    /// <param name="name">Up to 256 characters of <c>[A-Za-z0-9_-]</c>; FIFO topics end in <c>.fifo</c>.</param>
    /// <param name="attributes">Topic attributes such as <c>FifoTopic</c>; null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The topic ARN.</returns>
    Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string>? attributes = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a topic and its subscriptions; deleting a missing topic succeeds.</summary>
    Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken = default);

    /// <summary>Publishes one message.</summary>
    Task<SnsPublishResult> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes 1 to 10 messages in one call. Entries can fail while the call succeeds: check
    /// <see cref="SnsPublishBatchResult.Failed"/>.
    /// </summary>
    Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Subscribes an endpoint to a topic.</summary>
    /// <returns>The subscription ARN, which SNS returns even while confirmation is pending because the call sets ReturnSubscriptionArn.</returns>
    Task<string> SubscribeAsync(SnsSubscribeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists every subscription of a topic, following ListSubscriptionsByTopic's NextToken pages.</summary>
    Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default);

    /// <summary>Deletes a subscription.</summary>
    Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the attributes of a subscription, such as <c>FilterPolicy</c> and <c>RawMessageDelivery</c>. SNS omits an
    /// attribute that was never set, and some emulators omit defaults such as <c>FilterPolicyScope</c>.
    /// </summary>
    /// <exception cref="Http.AwsResourceNotFoundException">The subscription does not exist.</exception>
    Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken = default);

    /// <summary>Sets one subscription attribute, such as <c>FilterPolicy</c> or <c>RawMessageDelivery</c>.</summary>
    Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default);
}

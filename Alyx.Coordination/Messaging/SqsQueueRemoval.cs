using Alyx.Aws.Sns;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Alyx.Coordination.Messaging;

/// <summary>Deletes a queue together with its subscription to a topic, so SNS does not keep delivering to a missing queue.</summary>
internal static class SqsQueueRemoval
{
    /// <summary>
    /// Unsubscribes the queue from <paramref name="topicArn"/> (when given), then deletes the queue. A missing queue
    /// or subscription counts as removed, so the call is idempotent.
    /// </summary>
    /// <returns>True when a queue was deleted.</returns>
    public static async Task<bool> DeleteQueueAndSubscriptionAsync(
        IAmazonSQS sqs, ISnsClient sns, string? topicArn, string queueName, CancellationToken cancellationToken)
    {
        string url;
        try
        {
            url = (await sqs.GetQueueUrlAsync(queueName, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return false;
        }

        if (topicArn is not null)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["QueueArn"]), cancellationToken);
            var subscriptions = await sns.ListSubscriptionsByTopicAsync(topicArn, cancellationToken);
            foreach (var subscription in subscriptions.Where(subscription => subscription.Endpoint == attributes.QueueARN))
            {
                await sns.UnsubscribeAsync(subscription.SubscriptionArn, cancellationToken);
            }
        }

        try
        {
            await sqs.DeleteQueueAsync(url, cancellationToken);
        }
        catch (QueueDoesNotExistException)
        {
            return false;
        }

        return true;
    }
}

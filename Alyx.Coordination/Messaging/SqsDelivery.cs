using Amazon.SQS.Model;

namespace Alyx.Coordination.Messaging;

/// <summary>One received SQS message, settled by deleting it or by moving it to the inbox's dead-letter queue.</summary>
internal sealed class SqsDelivery(
    SqsInboxSubscription subscription,
    SqsMessageTransport transport,
    string inbox,
    string queueUrl,
    string receiptHandle,
    byte[] body,
    int deliveryCount) : ITransportMessage
{
    private int _settled;

    public string ReceiptHandle => receiptHandle;

    public ReadOnlyMemory<byte> Body => body;

    public int DeliveryCount => deliveryCount;

    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    public async Task AckAsync(CancellationToken cancellationToken)
    {
        if (TrySettle())
        {
            subscription.Forget(this);
            await transport.Sqs.DeleteMessageAsync(queueUrl, receiptHandle, cancellationToken);
        }
    }

    public async Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
    {
        if (!TrySettle())
        {
            return;
        }

        subscription.Forget(this);
        var deadLetterUrl = await transport.DeadLetterQueueUrlAsync(inbox);

        // Sent before the delete: a crash between the two leaves a copy in both queues, never in neither.
        await transport.Sqs.SendMessageAsync(
            new SendMessageRequest(deadLetterUrl, System.Text.Encoding.UTF8.GetString(body))
            {
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["reason"] = new() { DataType = "String", StringValue = reason.Length <= 1000 ? reason : reason[..1000] },

                    // The cluster's dead-letter queue on the bus topic contains the messages of every inbox.
                    ["inbox"] = new() { DataType = "String", StringValue = inbox },
                },
            },
            cancellationToken);
        await transport.Sqs.DeleteMessageAsync(queueUrl, receiptHandle, cancellationToken);
    }
}

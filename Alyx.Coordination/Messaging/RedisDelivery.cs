using StackExchange.Redis;

namespace Alyx.Coordination.Messaging;

/// <summary>One stream entry delivered to an inbox's consumer group.</summary>
internal sealed class RedisDelivery(
    RedisMessageTransport transport,
    string group,
    string stream,
    RedisValue entryId,
    byte[] body,
    int deliveryCount) : ITransportMessage
{
    public ReadOnlyMemory<byte> Body => body;

    public int DeliveryCount => deliveryCount;

    public Task AckAsync(CancellationToken cancellationToken) =>
        transport.Database.StreamAcknowledgeAsync(stream, group, entryId);

    public async Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
    {
        // One transaction, so an entry is never both dead-lettered and still pending, or acknowledged and lost.
        var transaction = transport.Database.CreateTransaction();
        _ = transaction.StreamAddAsync(
            transport.DeadLetterStream(group),
            [
                new NameValueEntry(RedisMessageTransport.BodyField, body),
                new NameValueEntry("reason", reason),
                new NameValueEntry("stream", stream),
                new NameValueEntry("entry", entryId),
            ],
            maxLength: transport.Options.StreamMaxLength,
            useApproximateMaxLength: true);
        _ = transaction.StreamAcknowledgeAsync(stream, group, entryId);
        await transaction.ExecuteAsync();
    }
}

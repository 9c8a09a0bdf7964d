using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on Redis Streams, one transport per messenger over the test Redis server.</summary>
public sealed class RedisMessengerTests(RedisFixture redis) : MessengerContractTests, IClassFixture<RedisFixture>
{
    private readonly ClusterKeys _keys = new(RedisFixture.NewClusterName("bus"));

    protected override IMessageTransport NewTransport() =>
        new RedisMessageTransport(
            redis.Connection,
            _keys,
            new RedisTransportOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
            NullLogger<RedisMessageTransport>.Instance);

    protected override IPayloadStore NewPayloadStore() => new RedisPayloadStore(redis.Connection, _keys, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task RequestAsync_ReceiverCrashed_PendingEntryRedelivered()
    {
        var inbox = MessagingInboxes.Shard(0, 1);
        var stream = _keys.For("bus", "inbox", inbox);
        var database = redis.Connection.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(stream, inbox, StreamPosition.Beginning, createStream: true);
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "echo", "survivor", TimeSpan.FromSeconds(30));

        // Read the request as the inbox's consumer and never acknowledge it, like a process that crashed mid-request.
        var read = 0;
        await Signals.WaitUntilAsync(
            () => (read += database.StreamReadGroup(stream, inbox, RedisMessageTransport.ConsumerName, StreamPosition.NewMessages, 1).Length) > 0,
            "the request reaches the inbox stream");
        var attempts = new List<int>();
        var shard = await Cluster.StartShardAsync(1);
        shard.Handle<string, string>("echo", (text, context, _) =>
        {
            lock (attempts)
            {
                attempts.Add(context.Attempt);
            }

            return ValueTask.FromResult(text);
        });

        Assert.Equal("survivor", await pending);
        Assert.Equal([2], attempts);
    }

    protected override Task<bool> InboxExistsAsync(string inbox) =>
        redis.Connection.GetDatabase().KeyExistsAsync(_keys.For("bus", "inbox", inbox));

    protected override async Task<int> DeadLetterCountAsync(string inbox) =>
        (int)await redis.Connection.GetDatabase().StreamLengthAsync(_keys.For("bus", "dead", inbox));
}

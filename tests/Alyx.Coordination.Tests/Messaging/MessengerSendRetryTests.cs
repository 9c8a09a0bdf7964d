using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class MessengerSendRetryTests
{
    private readonly InMemoryMessageTransport _transport = new();

    [Fact]
    public async Task RequestAsync_TransportFailsTwice_RetriesAndReplies()
    {
        await using var cluster = new MessagingTestCluster(() => _transport, new CountingPayloadStore(new InMemoryPayloadStore()), 1);
        var shard = await cluster.StartShardAsync(0);
        shard.Handle<string, string>("echo", (text, _, _) => ValueTask.FromResult(text));
        await using var client = await StartClientAsync(cluster, failures: 2);

        var reply = await client.RequestAsync<string, string>(MessageTarget.Shard(0), "echo", "after outage");

        Assert.Equal("after outage", reply);
        Assert.Equal(2, cluster.Logger.Collector.GetSnapshot().Count(record => record.Id.Id == 3018));
    }

    [Fact]
    public async Task RequestAsync_TransportDown_ThrowsTimeout()
    {
        await using var cluster = new MessagingTestCluster(() => _transport, new CountingPayloadStore(new InMemoryPayloadStore()), 1);
        await using var client = await StartClientAsync(cluster, failures: int.MaxValue);

        var timeout = await Assert.ThrowsAsync<RequestTimeoutException>(
            () => client.RequestAsync<string, string>(MessageTarget.Shard(0), "echo", "x", TimeSpan.FromMilliseconds(400)));

        Assert.Equal("shard 0", timeout.Target);
        Assert.Equal(0, client.PendingCount);
    }

    private async Task<Messenger> StartClientAsync(MessagingTestCluster cluster, int failures)
    {
        var client = new Messenger(
            MessengerEndpoint.ForClient(Guid.NewGuid().ToString("N")[..12]),
            new FailingSendTransport(_transport, failures),
            cluster.Routes,
            cluster.PayloadStore,
            MessagingTestCluster.TestOptions(),
            TimeProvider.System,
            cluster.Logger);
        await client.StartAsync(CancellationToken.None);
        return client;
    }
}

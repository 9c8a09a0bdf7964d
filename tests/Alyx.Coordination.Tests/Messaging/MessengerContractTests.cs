using System.Text;
using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>
/// The behaviour every transport must give the messenger. Each subclass runs the whole suite on one transport.
/// </summary>
public abstract class MessengerContractTests : IAsyncLifetime
{
    private MessagingTestCluster? _cluster;

    protected MessagingTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is created in InitializeAsync.");

    /// <summary>Returns a transport for one messenger ("process"); in-memory returns its one shared instance.</summary>
    protected abstract IMessageTransport NewTransport();

    /// <summary>Returns how many messages the dead-letter queue of an inbox holds, read from the backend itself.</summary>
    protected abstract Task<int> DeadLetterCountAsync(string inbox);

    /// <summary>Returns whether the backend still has the inbox (queue or stream).</summary>
    protected abstract Task<bool> InboxExistsAsync(string inbox);

    /// <summary>Creates what the transport needs before the first messenger starts, such as a bucket.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>The payload store for payloads above the transport's limit.</summary>
    protected abstract IPayloadStore NewPayloadStore();

    public virtual async Task InitializeAsync()
    {
        await PrepareAsync();
        _cluster = new MessagingTestCluster(NewTransport, new CountingPayloadStore(NewPayloadStore()), shardCount: 4);
    }

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task RequestAsync_ToShard_ReturnsHandlerReply()
    {
        var shard = await Cluster.StartShardAsync(1);
        shard.Handle<string, string>("echo", (text, context, _) => ValueTask.FromResult($"{text} from {context.Route}"));
        var client = await Cluster.StartClientAsync();

        var reply = await client.RequestAsync<string, string>(MessageTarget.Shard(1), "echo", "hello");

        Assert.Equal("hello from echo", reply);
    }

    [Fact]
    public async Task RequestAsync_ToGuild_ReachesOwningShard()
    {
        for (var shardId = 0; shardId < 4; shardId++)
        {
            var shard = await Cluster.StartShardAsync(shardId);
            var id = shardId;
            shard.Handle<ulong, int>("owner", (_, _, _) => ValueTask.FromResult(id));
        }

        var client = await Cluster.StartClientAsync();
        var guildOfShard2 = (7UL * 4 + 2) << 22;

        var owner = await client.RequestAsync<ulong, int>(MessageTarget.Guild(guildOfShard2), "owner", guildOfShard2);

        Assert.Equal(2, owner);
    }

    [Fact]
    public async Task RequestAsync_ToOrchestrator_ReturnsReply()
    {
        var orchestrator = await Cluster.StartOrchestratorAsync();
        orchestrator.Handle<int, int>("double", (value, _, _) => ValueTask.FromResult(value * 2));
        var shard = await Cluster.StartShardAsync(0);

        var reply = await shard.RequestAsync<int, int>(MessageTarget.Orchestrator, "double", 21);

        Assert.Equal(42, reply);
    }

    [Fact]
    public async Task RequestAsync_HandlerThrows_ThrowsFaulted()
    {
        var shard = await Cluster.StartShardAsync(2);
        shard.Handle<string, string>("fail", (_, _, _) => throw new InvalidOperationException("guild cache is cold"));
        var client = await Cluster.StartClientAsync();

        var fault = await Assert.ThrowsAsync<RequestFaultedException>(
            () => client.RequestAsync<string, string>(MessageTarget.Shard(2), "fail", "x"));

        Assert.Equal("fail", fault.Route);
        Assert.False(string.IsNullOrEmpty(fault.RequestId));
        Assert.Equal(nameof(InvalidOperationException), fault.ErrorType);
        Assert.Contains("guild cache is cold", fault.ErrorMessage, StringComparison.Ordinal);
        await Signals.WaitUntilAsync(() => shard.Statistics.DeadLettered == 1, "the failed request is dead-lettered");
    }

    [Fact]
    public async Task RequestAsync_NoHandler_ThrowsRouteNotFound()
    {
        await Cluster.StartShardAsync(0);
        var client = await Cluster.StartClientAsync();

        var fault = await Assert.ThrowsAsync<RequestFaultedException>(
            () => client.RequestAsync<string, string>(MessageTarget.Shard(0), "missing", "x"));

        Assert.Equal(MessageError.RouteNotFound, fault.ErrorType);
    }

    [Fact]
    public async Task RequestAsync_TargetNotRunning_ThrowsTimeout()
    {
        var client = await Cluster.StartClientAsync();

        var timeout = await Assert.ThrowsAsync<RequestTimeoutException>(
            () => client.RequestAsync<string, string>(MessageTarget.Shard(3), "echo", "x", TimeSpan.FromMilliseconds(300)));

        Assert.Equal("shard 3", timeout.Target);
        Assert.Equal("echo", timeout.Route);
        Assert.Contains("shard 3", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.PendingCount);
    }

    [Fact]
    public async Task RequestAsync_CallerCancels_ThrowsCanceled()
    {
        var client = await Cluster.StartClientAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var canceled = await Assert.ThrowsAsync<RequestCanceledException>(
            () => client.RequestAsync<string, string>(MessageTarget.Shard(3), "echo", "x", TimeSpan.FromSeconds(30), cancellation.Token));

        Assert.Equal("echo", canceled.Route);
        Assert.Equal(0, client.PendingCount);
    }

    [Fact]
    public async Task RequestAsync_TargetStartsLater_IsAnswered()
    {
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "echo", "queued", TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        await Cluster.StartShardAsync(1, beforeStart: shard => shard.Handle<string, string>("echo", (text, _, _) => ValueTask.FromResult(text)));

        Assert.Equal("queued", await pending);
    }

    [Fact]
    public async Task RequestAsync_HandlerAddedAfterStart_WaitsForHandlersReady()
    {
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "echo", "queued", TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        // As a shard host does: the messenger starts first, and the plugins register their routes later.
        var shard = await Cluster.StartShardAsync(1, options => options.WaitForHandlers = true);
        await Task.Delay(500);
        shard.Handle<string, string>("echo", (text, _, _) => ValueTask.FromResult(text));
        shard.MarkHandlersReady();

        Assert.Equal("queued", await pending);
    }

    [Fact]
    public async Task RequestAsync_UnknownRouteAfterHandlersReady_FailsRouteNotFound()
    {
        var shard = await Cluster.StartShardAsync(1, options => options.WaitForHandlers = true);
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "missing", "x", TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        shard.MarkHandlersReady();

        var error = await Assert.ThrowsAsync<RequestFaultedException>(() => pending.WaitAsync(Signals.Patience));
        Assert.Contains("RouteNotFound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BroadcastAsync_AllShardsRunning_AllOk()
    {
        for (var shardId = 0; shardId < 4; shardId++)
        {
            var shard = await Cluster.StartShardAsync(shardId);
            var guilds = 100 + shardId;
            shard.Handle<string, int>("guild-count", (_, _, _) => ValueTask.FromResult(guilds));
        }

        var client = await Cluster.StartClientAsync();

        var result = await client.BroadcastAsync<string, int>("guild-count", "", TimeSpan.FromSeconds(30));

        Assert.True(result.AllOk);
        Assert.Equal([0, 1, 2, 3], result.Replies.Select(reply => reply.ShardId));
        Assert.Equal([100, 101, 102, 103], result.Values);
    }

    [Fact]
    public async Task BroadcastAsync_MixedShards_ReportsEachOutcome()
    {
        var release = Signals.NewSignal();
        (await Cluster.StartShardAsync(0)).Handle<string, int>("probe", (_, _, _) => ValueTask.FromResult(0));
        (await Cluster.StartShardAsync(1)).Handle<string, int>("probe", (_, _, _) => throw new TimeoutException("REST call timed out"));
        (await Cluster.StartShardAsync(2)).Handle<string, int>("probe", async (_, _, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return 2;
        });
        Cluster.Routes.SetOwned(3, owned: false);
        var client = await Cluster.StartClientAsync();

        var result = await client.BroadcastAsync<string, int>("probe", "", TimeSpan.FromSeconds(2));
        release.TrySetResult();

        Assert.Equal(ShardReplyStatus.Ok, result.Replies[0].Status);
        Assert.Equal(ShardReplyStatus.Failed, result.Replies[1].Status);
        Assert.Contains("REST call timed out", result.Replies[1].Error, StringComparison.Ordinal);
        Assert.Equal(ShardReplyStatus.TimedOut, result.Replies[2].Status);
        Assert.Equal(ShardReplyStatus.NotOwned, result.Replies[3].Status);
    }

    [Fact]
    public async Task BroadcastAsync_TwoShardSets_ReachesOnlyActiveSet()
    {
        for (var shardId = 0; shardId < 4; shardId++)
        {
            (await Cluster.StartShardAsync(shardId)).Handle<string, string>("version", (_, _, _) => ValueTask.FromResult("old"));
        }

        Cluster.Routes.SetShardSet(1, 4);
        for (var shardId = 0; shardId < 4; shardId++)
        {
            (await Cluster.StartShardAsync(shardId)).Handle<string, string>("version", (_, _, _) => ValueTask.FromResult("new"));
        }

        var client = await Cluster.StartClientAsync();

        var result = await client.BroadcastAsync<string, string>("version", "", TimeSpan.FromSeconds(30));

        Assert.True(result.AllOk);
        Assert.Equal(["new", "new", "new", "new"], result.Values);
    }

    [Fact]
    public async Task Handler_DuplicateDelivery_RunsOnce()
    {
        var calls = 0;
        var shard = await Cluster.StartShardAsync(0);
        shard.Handle<string, string>("count", (text, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(text);
        });
        var body = RawRequest("count", MessagingInboxes.Client("nobody"), TimeSpan.FromSeconds(30));

        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, body, CancellationToken.None);
        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, body, CancellationToken.None);
        await Signals.WaitUntilAsync(
            () => shard.Statistics.Duplicates == 1 && Volatile.Read(ref calls) >= 1,
            "the first delivery is handled and the second skipped as a duplicate");

        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Inbox_GarbageMessage_IsRejectedAndCounted()
    {
        var shard = await Cluster.StartShardAsync(0);
        shard.Handle<string, string>("echo", (text, _, _) => ValueTask.FromResult(text));
        var client = await Cluster.StartClientAsync();

        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, Encoding.UTF8.GetBytes("{not json at all"), CancellationToken.None);
        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, Encoding.UTF8.GetBytes("{\"version\":1}"), CancellationToken.None);
        await Signals.WaitUntilAsync(() => shard.Statistics.Malformed == 2, "both malformed messages are rejected");

        await Signals.WaitUntilAsync(() => shard.Statistics.DeadLettered == 2, "both malformed messages are dead-lettered");

        Assert.Equal("still up", await client.RequestAsync<string, string>(MessageTarget.Shard(0), "echo", "still up"));
        Assert.Equal(2, await DeadLetterCountAsync(shard.Endpoint.Inbox));
    }

    [Fact]
    public async Task Inbox_OversizedMessage_IsRejectedAndCounted()
    {
        var shard = await Cluster.StartShardAsync(0, options => options.MaxInboundBytes = 2048);
        var body = RawRequest("echo", MessagingInboxes.Client("nobody"), TimeSpan.FromSeconds(30), new string('x', 4096));

        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, body, CancellationToken.None);
        await Signals.WaitUntilAsync(() => shard.Statistics.Oversized == 1, "the oversized message is rejected");

        Assert.Equal(0, shard.Statistics.Malformed);
    }

    [Fact]
    public async Task Inbox_ExpiredRequest_IsDroppedWithLogLine()
    {
        var calls = 0;
        var shard = await Cluster.StartShardAsync(0);
        shard.Handle<string, string>("echo", (text, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(text);
        });
        var body = RawRequest("echo", MessagingInboxes.Client("nobody"), TimeSpan.FromSeconds(-1));

        await Cluster.RawTransport.SendAsync(shard.Endpoint.Inbox, body, CancellationToken.None);
        await Signals.WaitUntilAsync(() => shard.Statistics.Expired == 1, "the expired request is dropped");

        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Contains(Cluster.Logger.Collector.GetSnapshot(), record => record.Id.Id == 3010);
    }

    [Fact]
    public async Task RequestAsync_LargeReply_UsesPayloadStore()
    {
        var shard = await Cluster.StartShardAsync(0);
        var big = new string('a', 1024 * 1024);
        shard.Handle<string, string>("big", (_, _, _) => ValueTask.FromResult(big));
        var client = await Cluster.StartClientAsync();

        var reply = await client.RequestAsync<string, string>(MessageTarget.Shard(0), "big", "");

        Assert.Equal(big.Length, reply.Length);
        Assert.Equal(big, reply);
        Assert.Equal(1, Cluster.PayloadStore.Puts);
    }

    [Fact]
    public async Task RequestAsync_TargetRestarts_SuccessorReplies()
    {
        var entered = Signals.NewSignal();
        var first = await Cluster.StartShardAsync(1);
        first.Handle<string, string>("slow", async (_, _, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "first";
        });
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(1), "slow", "", TimeSpan.FromSeconds(45));
        await entered.Task.WaitAsync(Signals.Patience);

        await first.DisposeAsync();
        var second = await Cluster.StartShardAsync(1);
        second.Handle<string, string>("slow", (_, context, _) => ValueTask.FromResult($"second, delivery {context.Attempt}"));

        Assert.StartsWith("second", await pending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_TargetStops_ThrowsTimeout()
    {
        var entered = Signals.NewSignal();
        var shard = await Cluster.StartShardAsync(2);
        shard.Handle<string, string>("slow", async (_, _, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(2), "slow", "", TimeSpan.FromSeconds(2));
        await entered.Task.WaitAsync(Signals.Patience);

        await shard.DisposeAsync();
        var timeout = await Assert.ThrowsAsync<RequestTimeoutException>(() => pending);

        Assert.Equal("shard 2", timeout.Target);
    }

    [Fact]
    public async Task Inbox_RedeliveredTooOften_IsDeadLettered()
    {
        var entered = Signals.NewSignal();
        var first = await Cluster.StartShardAsync(3, options => options.MaxDeliveries = 1);
        first.Handle<string, string>("slow", async (_, _, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var client = await Cluster.StartClientAsync();
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(3), "slow", "", TimeSpan.FromSeconds(3));
        await entered.Task.WaitAsync(Signals.Patience);

        await first.DisposeAsync();
        var second = await Cluster.StartShardAsync(3, options => options.MaxDeliveries = 1);
        second.Handle<string, string>("slow", (_, _, _) => ValueTask.FromResult("second"));
        await Signals.WaitUntilAsync(() => second.Statistics.DeadLettered == 1, "the redelivered request is dead-lettered");

        Assert.Equal(1, await DeadLetterCountAsync(second.Endpoint.Inbox));
        await Assert.ThrowsAsync<RequestTimeoutException>(() => pending);
    }

    [Fact]
    public async Task DisposeAsync_ClientMessenger_DeletesItsInbox()
    {
        var shard = await Cluster.StartShardAsync(0);
        shard.Handle<string, string>("echo", (text, _, _) => ValueTask.FromResult(text));
        var client = await Cluster.StartClientAsync();
        await client.RequestAsync<string, string>(MessageTarget.Shard(0), "echo", "x");
        Assert.True(await InboxExistsAsync(client.Endpoint.Inbox));

        await client.DisposeAsync();

        Assert.False(await InboxExistsAsync(client.Endpoint.Inbox));
        Assert.True(await InboxExistsAsync(shard.Endpoint.Inbox));
    }

    private static byte[] RawRequest(string route, string replyTo, TimeSpan timeToLive, string payload = "raw") =>
        EnvelopeCodec.Encode(new MessageEnvelope
        {
            MessageId = Guid.NewGuid().ToString("N"),
            CorrelationId = Guid.NewGuid().ToString("N"),
            Kind = MessageKind.Request,
            Route = route,
            Source = new MessageSource(replyTo, 0, null, "test"),
            Destination = new MessageDestination(MessageTargetKind.Shard, 0, 0, null),
            DeadlineUnixMs = (DateTimeOffset.UtcNow + timeToLive).ToUnixTimeMilliseconds(),
            Payload = System.Text.Json.JsonSerializer.SerializeToElement(payload),
        });
}

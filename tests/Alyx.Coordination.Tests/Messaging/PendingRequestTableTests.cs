using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class PendingRequestTableTests
{
    [Fact]
    public async Task TryComplete_FirstReply_CompletesRequest()
    {
        var table = new PendingRequestTable();
        var waiting = table.Add("c1");

        var completed = table.TryComplete(Reply("c1", "first"));

        Assert.True(completed);
        Assert.Equal("first", (await waiting).MessageId);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public async Task TryComplete_DuplicateReply_IsRejected()
    {
        var table = new PendingRequestTable();
        var waiting = table.Add("c1");
        table.TryComplete(Reply("c1", "first"));

        var second = table.TryComplete(Reply("c1", "second"));

        Assert.False(second);
        Assert.Equal("first", (await waiting).MessageId);
    }

    [Fact]
    public void TryComplete_ConcurrentReplies_CompleteExactlyOnce()
    {
        var table = new PendingRequestTable();
        table.Add("c1");

        var wins = 0;
        Parallel.For(0, 64, index =>
        {
            if (table.TryComplete(Reply("c1", $"m{index}")))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    [Fact]
    public void TryComplete_AfterRemove_IsRejected()
    {
        var table = new PendingRequestTable();
        table.Add("c1");
        table.Remove("c1");

        Assert.False(table.TryComplete(Reply("c1", "late")));
    }

    [Fact]
    public void Add_SameCorrelationIdTwice_Throws()
    {
        var table = new PendingRequestTable();
        table.Add("c1");

        var exception = Assert.Throws<InvalidOperationException>(() => { _ = table.Add("c1"); });

        Assert.Contains("c1", exception.Message, StringComparison.Ordinal);
    }

    private static MessageEnvelope Reply(string correlationId, string messageId) => new()
    {
        MessageId = messageId,
        CorrelationId = correlationId,
        Kind = MessageKind.Reply,
        Route = "r",
        Source = new MessageSource("set0-shard0", 0, 0, null),
        DeadlineUnixMs = 1,
    };
}

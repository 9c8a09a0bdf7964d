using Alyx.Abstractions.Messaging;
using Alyx.Shard.Hosting;
using Moq;

namespace Alyx.Shard.Tests.Hosting;

public sealed class LeaseFencedMessengerTests
{
    private static readonly MessageContext Context = new("m1", "c1", "route", "shard 1", DateTimeOffset.MaxValue, 1);

    [Fact]
    public async Task Handle_LeaseLost_FaultsWithoutRunningHandler()
    {
        var (fenced, registered) = Fence(leaseHeld: false);
        var ran = false;
        fenced.Handle<int, int>("route", (value, _, _) =>
        {
            ran = true;
            return ValueTask.FromResult(value);
        });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await registered()!(1, Context, CancellationToken.None));

        Assert.False(ran);
        Assert.Contains("shard:0:1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_LeaseHeld_RunsHandler()
    {
        var (fenced, registered) = Fence(leaseHeld: true);
        fenced.Handle<int, int>("route", (value, _, _) => ValueTask.FromResult(value * 2));

        var reply = await registered()!(21, Context, CancellationToken.None);

        Assert.Equal(42, reply);
    }

    private static (LeaseFencedMessenger Fenced, Func<Func<int, MessageContext, CancellationToken, ValueTask<int>>?> Registered) Fence(bool leaseHeld)
    {
        Func<int, MessageContext, CancellationToken, ValueTask<int>>? captured = null;
        var inner = new Mock<IMessenger>();
        inner.Setup(m => m.Handle(It.IsAny<string>(), It.IsAny<Func<int, MessageContext, CancellationToken, ValueTask<int>>>()))
            .Callback<string, Func<int, MessageContext, CancellationToken, ValueTask<int>>>((_, handler) => captured = handler)
            .Returns(Mock.Of<IDisposable>());
        return (new LeaseFencedMessenger(inner.Object, () => leaseHeld, "shard:0:1"), () => captured);
    }
}

using Alyx.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Discord.Tests.Gateway;

public sealed class GatewaySendLimiterTests
{
    [Fact]
    public async Task WaitAsync_OrdinaryPayloads_LeaveReserve()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(time);
        for (var i = 0; i < GatewaySendLimiter.Limit - GatewaySendLimiter.ReservedForControl; i++)
        {
            await limiter.WaitAsync(control: false, CancellationToken.None);
        }

        var blocked = limiter.WaitAsync(control: false, CancellationToken.None).AsTask();
        var control = limiter.WaitAsync(control: true, CancellationToken.None).AsTask();

        Assert.False(blocked.IsCompleted);
        Assert.True(control.IsCompleted);
        time.Advance(GatewaySendLimiter.Window);
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_ControlPayloads_StopAtLimit()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(time);
        for (var i = 0; i < GatewaySendLimiter.Limit; i++)
        {
            await limiter.WaitAsync(control: true, CancellationToken.None);
        }

        var blocked = limiter.WaitAsync(control: true, CancellationToken.None).AsTask();

        Assert.False(blocked.IsCompleted);
        time.Advance(GatewaySendLimiter.Window - TimeSpan.FromSeconds(1));
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

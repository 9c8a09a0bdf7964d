using Alyx.Orchestrator.Launchers.Ecs;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Orchestrator.Tests.Ecs;

public sealed class EcsLaunchPacerTests
{
    [Fact]
    public async Task Wait_BurstUsed_WaitsForRate()
    {
        var clock = new FakeTimeProvider();
        var pacer = new EcsLaunchPacer(ratePerSecond: 2, burst: 3, clock);

        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);
        var fourth = pacer.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        var beforeToken = fourth.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(beforeToken);
        Assert.True(fourth.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Pause_AfterThrottling_HoldsEveryCaller()
    {
        var clock = new FakeTimeProvider();
        var pacer = new EcsLaunchPacer(ratePerSecond: 100, burst: 10, clock);

        pacer.Pause(TimeSpan.FromSeconds(5));
        var first = pacer.WaitAsync(CancellationToken.None);
        var second = pacer.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(4999));
        var pausedFirst = first.IsCompleted;
        var pausedSecond = second.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(pausedFirst);
        Assert.False(pausedSecond);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
    }
}

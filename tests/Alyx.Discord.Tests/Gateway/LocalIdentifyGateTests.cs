using Alyx.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Discord.Tests.Gateway;

public sealed class LocalIdentifyGateTests
{
    [Fact]
    public async Task WaitForTurnAsync_SameBucket_WaitsOneWindow()
    {
        var time = new FakeTimeProvider();
        using var gate = new LocalIdentifyGate(2, TimeSpan.FromSeconds(5), time);
        var first = await gate.WaitForTurnAsync(0, CancellationToken.None);

        var second = gate.WaitForTurnAsync(2, CancellationToken.None).AsTask();
        var otherBucket = await gate.WaitForTurnAsync(1, CancellationToken.None);

        Assert.Equal(0, first.Bucket);
        Assert.Equal(1, otherBucket.Bucket);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(3));
        var granted = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, granted.Bucket);
        Assert.True(granted.Waited >= TimeSpan.FromSeconds(5), $"waited only {granted.Waited}");
    }
}

using Alyx.Coordination.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class DedupeWindowTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public void TryBegin_InFlightId_ReturnsFalse()
    {
        var window = new DedupeWindow(TimeSpan.FromMinutes(1), 100, _time);
        window.TryBegin("m1");

        Assert.False(window.TryBegin("m1"));
    }

    [Fact]
    public void TryBegin_CompletedInsideWindow_ReturnsFalse()
    {
        var window = new DedupeWindow(TimeSpan.FromMinutes(1), 100, _time);
        window.TryBegin("m1");
        window.Complete("m1");
        _time.Advance(TimeSpan.FromSeconds(59));

        Assert.False(window.TryBegin("m1"));
    }

    [Fact]
    public void TryBegin_CompletedBeforeWindow_ReturnsTrue()
    {
        var window = new DedupeWindow(TimeSpan.FromMinutes(1), 100, _time);
        window.TryBegin("m1");
        window.Complete("m1");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(window.TryBegin("m1"));
    }

    [Fact]
    public void TryBegin_Abandoned_ReturnsTrue()
    {
        var window = new DedupeWindow(TimeSpan.FromMinutes(1), 100, _time);
        window.TryBegin("m1");
        window.Abandon("m1");

        Assert.True(window.TryBegin("m1"));
    }

    [Fact]
    public void TryBegin_OverCapacity_ForgetsOldestFirst()
    {
        var window = new DedupeWindow(TimeSpan.FromMinutes(1), 2, _time);
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            window.TryBegin(id);
            window.Complete(id);
        }

        Assert.True(window.TryBegin("m1"));
        Assert.False(window.TryBegin("m3"));
    }
}

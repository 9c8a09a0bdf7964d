using Alyx.Coordination.Leases;
using Alyx.Coordination.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Leases;

/// <summary>The lease handle's deadline and renew logic, driven by a fake clock over the in-memory store.</summary>
public sealed class LeaseHandleTests
{
    private static readonly LeaseOptions Options = new()
    {
        TimeToLive = TimeSpan.FromSeconds(3),
        RenewInterval = TimeSpan.FromSeconds(1),
        SafetyMargin = TimeSpan.FromMilliseconds(500),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly ControllableLeaseStore _store;
    private readonly LeaseManager _manager;

    public LeaseHandleTests()
    {
        _store = new ControllableLeaseStore(new InMemoryLeaseStore(_time));
        _manager = new LeaseManager(_store, Options, _time);
    }

    [Fact]
    public async Task Handle_RenewsOnSchedule_StaysHeld()
    {
        var handle = await AcquireAsync("shard:0:0", "task-a");

        for (var i = 0; i < 6; i++)
        {
            _time.Advance(Options.RenewInterval);
            await _store.WaitForRenewAsync();
        }

        Assert.True(handle.IsHeld);
        Assert.Null(handle.LossReason);
        Assert.False((await _store.TryAcquireAsync("shard:0:0", "task-b", Options.TimeToLive, CancellationToken.None)).Acquired);
    }

    [Fact]
    public async Task Handle_StoreUnreachable_LostExactlyAtDeadline()
    {
        var handle = await AcquireAsync("shard:0:1", "task-a");
        _store.Unreachable = true;
        var deadline = Options.TimeToLive - Options.SafetyMargin;
        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();
        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();

        _time.Advance(deadline - (2 * Options.RenewInterval) - TimeSpan.FromMilliseconds(1));
        var heldJustBefore = handle.IsHeld;
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(heldJustBefore);
        Assert.True(handle.Lost.IsCancellationRequested);
        Assert.Equal(LeaseLossReason.DeadlinePassed, handle.LossReason);
        Assert.False(handle.IsHeld);
    }

    [Fact]
    public async Task Handle_StoreUnreachable_LostBeforeTakeover()
    {
        var handle = await AcquireAsync("shard:0:2", "task-a");
        _store.Unreachable = true;

        var lostFirstAt = TimeSpan.Zero;
        var elapsed = TimeSpan.Zero;
        LeaseAcquireResult? other = null;
        while (other is null || !other.Acquired)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            elapsed += TimeSpan.FromMilliseconds(100);
            if (handle.Lost.IsCancellationRequested && lostFirstAt == TimeSpan.Zero)
            {
                lostFirstAt = elapsed;
            }

            other = await _store.TryAcquireAsync("shard:0:2", "task-b", Options.TimeToLive, CancellationToken.None);
        }

        Assert.NotEqual(TimeSpan.Zero, lostFirstAt);
        Assert.True(lostFirstAt < elapsed, $"lost at {lostFirstAt}, other holder acquired at {elapsed}");
        Assert.True(other.FencingToken > handle.FencingToken);
    }

    [Fact]
    public async Task Handle_OutageEndsInTime_StaysHeld()
    {
        var handle = await AcquireAsync("shard:0:3", "task-a");
        _store.Unreachable = true;
        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();

        _store.Unreachable = false;
        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();
        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();

        Assert.True(handle.IsHeld);
        Assert.InRange(handle.RemainingValidity, TimeSpan.FromMilliseconds(1), Options.TimeToLive - Options.SafetyMargin);
    }

    [Fact]
    public async Task Handle_LeaseTakenOver_LostWithRenewRejected()
    {
        var handle = await AcquireAsync("shard:0:4", "task-a");
        await _store.ReleaseAsync("shard:0:4", "task-a", handle.FencingToken, CancellationToken.None);
        await _store.TryAcquireAsync("shard:0:4", "task-b", Options.TimeToLive, CancellationToken.None);

        _time.Advance(Options.RenewInterval);
        await _store.WaitForRenewAsync();
        await Signals.WhenCancelledAsync(handle.Lost);

        Assert.Equal(LeaseLossReason.RenewRejected, handle.LossReason);
    }

    [Fact]
    public async Task Handle_PausedPastDeadline_ToldBeforeAnyRenew()
    {
        var handle = await AcquireAsync("shard:0:5", "task-a");

        // One jump over the whole time to live is what a paused process observes when it wakes up.
        _time.Advance(Options.TimeToLive * 2);
        await Signals.WhenCancelledAsync(handle.Lost);

        Assert.Equal(LeaseLossReason.DeadlinePassed, handle.LossReason);
        Assert.Equal(0, _store.RenewCount);
    }

    [Fact]
    public async Task Release_HeldLease_FiresLostAndFreesLease()
    {
        var handle = await AcquireAsync("shard:0:6", "task-a");

        await handle.ReleaseAsync(CancellationToken.None);
        var other = await _store.TryAcquireAsync("shard:0:6", "task-b", Options.TimeToLive, CancellationToken.None);

        Assert.True(handle.Lost.IsCancellationRequested);
        Assert.Equal(LeaseLossReason.Released, handle.LossReason);
        Assert.True(other.Acquired);
    }

    [Fact]
    public async Task Dispose_ThenReadLost_StillFired()
    {
        var handle = await AcquireAsync("shard:0:9", "task-a");

        await handle.DisposeAsync();

        Assert.True(handle.Lost.IsCancellationRequested);
        Assert.False(handle.IsHeld);
    }

    [Fact]
    public async Task TryAcquire_HeldLease_ReturnsNullHandle()
    {
        await AcquireAsync("shard:0:7", "task-a");

        var (handle, result) = await _manager.TryAcquireAsync("shard:0:7", "task-b", CancellationToken.None);

        Assert.Null(handle);
        Assert.Equal("task-a", result.CurrentHolder?.HolderId);
    }

    [Fact]
    public async Task Acquire_LeaseExpires_WaitingContenderGetsIt()
    {
        var first = await AcquireAsync("shard:0:8", "task-a");
        _store.Unreachable = true;
        var waiting = _manager.AcquireAsync("shard:0:8", "task-b", CancellationToken.None);

        while (!waiting.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        var second = await waiting.WaitAsync(Signals.Timeout);
        Assert.True(first.Lost.IsCancellationRequested);
        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public void Options_RenewIntervalPastDeadline_ValidationNamesIt()
    {
        var options = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(3), SafetyMargin = TimeSpan.FromSeconds(1), RenewInterval = TimeSpan.FromSeconds(2) };

        var failures = options.Validate();

        Assert.Contains(failures, failure => failure.Contains("RenewInterval", StringComparison.Ordinal));
    }

    private async Task<LeaseHandle> AcquireAsync(string name, string holderId)
    {
        var (handle, result) = await _manager.TryAcquireAsync(name, holderId, CancellationToken.None);
        Assert.True(result.Acquired);
        return handle!;
    }
}

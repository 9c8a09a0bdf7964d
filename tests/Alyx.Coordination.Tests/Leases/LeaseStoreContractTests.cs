using Alyx.Coordination.Leases;

namespace Alyx.Coordination.Tests.Leases;

/// <summary>The behaviour every <see cref="ILeaseStore"/> must have, run against each implementation.</summary>
public abstract class LeaseStoreContractTests
{
    /// <summary>A time to live long enough that no lease expires by accident on a slow machine.</summary>
    protected static readonly TimeSpan LongTtl = TimeSpan.FromSeconds(30);

    /// <summary>A time to live for tests that let a lease expire.</summary>
    protected static readonly TimeSpan ShortTtl = TimeSpan.FromMilliseconds(300);

    /// <summary>Creates an empty store for one test.</summary>
    protected abstract ILeaseStore CreateStore();

    /// <summary>Lets the store's clock move forward by at least <paramref name="duration"/>.</summary>
    protected abstract Task AdvanceAsync(TimeSpan duration);

    [Fact]
    public async Task TryAcquire_FreeLease_AcquiresWithPositiveToken()
    {
        var store = CreateStore();

        var result = await store.TryAcquireAsync("shard:0:1", "task-a", LongTtl, CancellationToken.None);

        Assert.True(result.Acquired);
        Assert.True(result.FencingToken > 0);
    }

    [Fact]
    public async Task TryAcquire_HeldLease_ReturnsCurrentHolder()
    {
        var store = CreateStore();
        var first = await store.TryAcquireAsync("shard:0:1", "task-a", LongTtl, CancellationToken.None);

        var second = await store.TryAcquireAsync("shard:0:1", "task-b", LongTtl, CancellationToken.None);

        Assert.False(second.Acquired);
        Assert.Equal("task-a", second.CurrentHolder?.HolderId);
        Assert.Equal(first.FencingToken, second.CurrentHolder?.FencingToken);
        Assert.InRange(second.RetryAfter, TimeSpan.FromMilliseconds(1), LongTtl);
    }

    [Fact]
    public async Task TryAcquire_SameHolderAgain_IsRejected()
    {
        var store = CreateStore();
        await store.TryAcquireAsync("leader", "orchestrator-1", LongTtl, CancellationToken.None);

        var again = await store.TryAcquireAsync("leader", "orchestrator-1", LongTtl, CancellationToken.None);

        Assert.False(again.Acquired);
    }

    [Fact]
    public async Task TryAcquire_AfterRelease_GetsGreaterToken()
    {
        var store = CreateStore();
        var first = await store.TryAcquireAsync("shard:0:2", "task-a", LongTtl, CancellationToken.None);
        await store.ReleaseAsync("shard:0:2", "task-a", first.FencingToken, CancellationToken.None);

        var second = await store.TryAcquireAsync("shard:0:2", "task-b", LongTtl, CancellationToken.None);

        Assert.True(second.Acquired);
        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public async Task TryAcquire_AfterExpiry_GetsGreaterToken()
    {
        var store = CreateStore();
        var first = await store.TryAcquireAsync("shard:0:3", "task-a", ShortTtl, CancellationToken.None);
        await AdvanceAsync(ShortTtl * 2);

        var second = await store.TryAcquireAsync("shard:0:3", "task-b", LongTtl, CancellationToken.None);

        Assert.True(second.Acquired);
        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public async Task TryAcquire_DifferentLeases_TokensStrictlyIncrease()
    {
        var store = CreateStore();
        var tokens = new List<long>();

        for (var shard = 0; shard < 5; shard++)
        {
            var result = await store.TryAcquireAsync(LeaseNames.Shard(1, shard), "task", LongTtl, CancellationToken.None);
            tokens.Add(result.FencingToken);
        }

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task Renew_ByHolder_KeepsLeasePastOriginalExpiry()
    {
        var store = CreateStore();
        var firstTtl = TimeSpan.FromSeconds(1);
        var acquired = await store.TryAcquireAsync("shard:0:4", "task-a", firstTtl, CancellationToken.None);
        var renewed = await store.RenewAsync("shard:0:4", "task-a", acquired.FencingToken, LongTtl, CancellationToken.None);
        await AdvanceAsync(firstTtl * 1.5);

        var other = await store.TryAcquireAsync("shard:0:4", "task-b", LongTtl, CancellationToken.None);

        Assert.True(renewed);
        Assert.False(other.Acquired);
        Assert.Equal("task-a", other.CurrentHolder?.HolderId);
    }

    [Fact]
    public async Task Renew_WrongToken_ReturnsFalse()
    {
        var store = CreateStore();
        var acquired = await store.TryAcquireAsync("shard:0:5", "task-a", LongTtl, CancellationToken.None);

        var renewed = await store.RenewAsync("shard:0:5", "task-a", acquired.FencingToken + 1, LongTtl, CancellationToken.None);

        Assert.False(renewed);
    }

    [Fact]
    public async Task Renew_WrongHolder_ReturnsFalse()
    {
        var store = CreateStore();
        var acquired = await store.TryAcquireAsync("shard:0:6", "task-a", LongTtl, CancellationToken.None);

        var renewed = await store.RenewAsync("shard:0:6", "task-b", acquired.FencingToken, LongTtl, CancellationToken.None);

        Assert.False(renewed);
    }

    [Fact]
    public async Task Renew_AfterExpiry_ReturnsFalse()
    {
        var store = CreateStore();
        var acquired = await store.TryAcquireAsync("shard:0:7", "task-a", ShortTtl, CancellationToken.None);
        await AdvanceAsync(ShortTtl * 2);

        var renewed = await store.RenewAsync("shard:0:7", "task-a", acquired.FencingToken, LongTtl, CancellationToken.None);

        Assert.False(renewed);
    }

    [Fact]
    public async Task Release_ByOtherHolder_KeepsLease()
    {
        var store = CreateStore();
        var acquired = await store.TryAcquireAsync("shard:0:8", "task-a", LongTtl, CancellationToken.None);

        var released = await store.ReleaseAsync("shard:0:8", "task-b", acquired.FencingToken, CancellationToken.None);
        var other = await store.TryAcquireAsync("shard:0:8", "task-b", LongTtl, CancellationToken.None);

        Assert.False(released);
        Assert.False(other.Acquired);
    }

    [Fact]
    public async Task Release_ByHolder_FreesLease()
    {
        var store = CreateStore();
        var acquired = await store.TryAcquireAsync("shard:0:9", "task-a", LongTtl, CancellationToken.None);

        var released = await store.ReleaseAsync("shard:0:9", "task-a", acquired.FencingToken, CancellationToken.None);
        var other = await store.TryAcquireAsync("shard:0:9", "task-b", LongTtl, CancellationToken.None);

        Assert.True(released);
        Assert.True(other.Acquired);
    }

    [Fact]
    public async Task ReadAll_MixedLeases_ListsLiveOnes()
    {
        var store = CreateStore();
        var leader = await store.TryAcquireAsync(LeaseNames.Leader, "orchestrator-1", LongTtl, CancellationToken.None);
        var shard = await store.TryAcquireAsync(LeaseNames.Shard(2, 7), "task-7", LongTtl, CancellationToken.None);
        await store.TryAcquireAsync(LeaseNames.Shard(2, 8), "task-8", ShortTtl, CancellationToken.None);
        var released = await store.TryAcquireAsync(LeaseNames.Shard(2, 9), "task-9", LongTtl, CancellationToken.None);
        await store.ReleaseAsync(LeaseNames.Shard(2, 9), "task-9", released.FencingToken, CancellationToken.None);
        await AdvanceAsync(ShortTtl * 2);

        var all = (await store.ReadAllAsync(CancellationToken.None)).OrderBy(lease => lease.Name, StringComparer.Ordinal).ToArray();

        Assert.Equal([LeaseNames.Leader, LeaseNames.Shard(2, 7)], all.Select(lease => lease.Name));
        Assert.Equal(["orchestrator-1", "task-7"], all.Select(lease => lease.HolderId));
        Assert.Equal([leader.FencingToken, shard.FencingToken], all.Select(lease => lease.FencingToken));
        Assert.All(all, lease => Assert.InRange(lease.TimeToLive, TimeSpan.FromMilliseconds(1), LongTtl));
    }

    [Fact]
    public async Task TryAcquire_HolderIdWithSeparator_RoundTrips()
    {
        var store = CreateStore();
        await store.TryAcquireAsync("shard:0:10", "arn:aws:ecs|task/1", LongTtl, CancellationToken.None);

        var other = await store.TryAcquireAsync("shard:0:10", "task-b", LongTtl, CancellationToken.None);

        Assert.Equal("arn:aws:ecs|task/1", other.CurrentHolder?.HolderId);
    }
}

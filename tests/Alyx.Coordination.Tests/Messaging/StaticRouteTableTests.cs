using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class StaticRouteTableTests
{
    [Fact]
    public void SetOwned_False_MarksOnlyThatShard()
    {
        var table = new StaticRouteTable(4, epoch: 2);

        table.SetOwned(1, owned: false);

        Assert.False(table.Current.IsOwned(1));
        Assert.True(table.Current.IsOwned(0));
        Assert.Equal("set2-shard1", table.Current.InboxOf(1));
    }

    [Fact]
    public void SetShardSet_NewEpoch_ReplacesRoutes()
    {
        var table = new StaticRouteTable(4);
        table.SetOwned(3, owned: false);

        table.SetShardSet(1, 8);

        Assert.Equal(1, table.Current.Epoch);
        Assert.Equal(8, table.Current.ShardCount);
        Assert.True(table.Current.IsOwned(3));
    }

    [Fact]
    public void SetOwned_ShardOutsideSet_Throws()
    {
        var table = new StaticRouteTable(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.SetOwned(4, owned: false));
    }
}

using Alyx.Shard.Hosting;

namespace Alyx.Shard.Tests.Hosting;

public sealed class ShardAssignmentTests
{
    [Fact]
    public void FromEnvironment_AllSet_ReadsThem()
    {
        var variables = new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = "prod",
            ["ALYX_SHARD_SET"] = "3",
            ["ALYX_SHARD_ID"] = "5",
            ["ALYX_SHARD_COUNT"] = "16",
        };

        var assignment = ShardAssignment.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(new ShardAssignment("prod", 3, 5, 16), assignment);
    }

    [Fact]
    public void FromEnvironment_NothingSet_NamesEveryVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ShardAssignment.FromEnvironment(_ => null));

        Assert.Contains("ALYX_CLUSTER is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_SHARD_SET is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_SHARD_ID is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_SHARD_COUNT is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_IdNotBelowCount_IsRejected()
    {
        var variables = new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = "prod",
            ["ALYX_SHARD_SET"] = "0",
            ["ALYX_SHARD_ID"] = "16",
            ["ALYX_SHARD_COUNT"] = "16",
        };

        var error = Assert.Throws<InvalidOperationException>(() => ShardAssignment.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("ALYX_SHARD_ID=16 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_NonNumeric_NamesValue()
    {
        var variables = new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = "prod",
            ["ALYX_SHARD_SET"] = "0",
            ["ALYX_SHARD_ID"] = "one",
            ["ALYX_SHARD_COUNT"] = "2",
        };

        var error = Assert.Throws<InvalidOperationException>(() => ShardAssignment.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("ALYX_SHARD_ID='one' is invalid", error.Message, StringComparison.Ordinal);
    }
}

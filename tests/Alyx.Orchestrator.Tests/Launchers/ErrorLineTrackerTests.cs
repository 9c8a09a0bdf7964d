using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Tests.Launchers;

public sealed class ErrorLineTrackerTests
{
    [Fact]
    public void Add_InformationOnly_KeepsNoError()
    {
        var tracker = new ErrorLineTracker();

        tracker.Add("info: Alyx.Shard.Hosting.ShardHostService[7001]");
        tracker.Add("      Shard 2 is Ready with 40 guilds");

        Assert.Null(tracker.LastError);
    }

    [Fact]
    public void Add_FailEntryThenInformation_KeepsFailMessage()
    {
        var tracker = new ErrorLineTracker();

        tracker.Add("fail: Alyx.Shard.Hosting.ShardHostService[7005]");
        tracker.Add("      Lease renew failed: Redis timed out");
        tracker.Add("      System.TimeoutException: timed out");
        tracker.Add("info: Alyx.Shard.Hosting.ShardHostService[7001]");
        tracker.Add("      Stopping");

        Assert.Equal("Lease renew failed: Redis timed out", tracker.LastError);
    }

    [Fact]
    public void Add_SingleLineFailEntry_KeepsMessage()
    {
        var tracker = new ErrorLineTracker();

        tracker.Add("crit: Alyx.Shard.Hosting.ShardHostService[7009] Gateway closed with 4004");

        Assert.Equal("Gateway closed with 4004", tracker.LastError);
    }

    [Fact]
    public void Add_HostExitLine_KeepsIt()
    {
        var tracker = new ErrorLineTracker();

        tracker.Add("alyx-shard: exit 2 (InvalidConfiguration): ALYX_SHARD_ID is missing");

        Assert.Equal("alyx-shard: exit 2 (InvalidConfiguration): ALYX_SHARD_ID is missing", tracker.LastError);
    }
}

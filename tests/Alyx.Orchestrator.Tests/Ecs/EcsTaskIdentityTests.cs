using Alyx.Aws.Ecs;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;

namespace Alyx.Orchestrator.Tests.Ecs;

public sealed class EcsTaskIdentityTests
{
    [Fact]
    public void ClientToken_KnownLaunch_MatchesIndependentSha256()
    {
        // Computed with Python: hashlib.sha256(b"alyx-run-task\nbots\n3\n2\nbots-3-2-0").hexdigest()
        const string Expected = "2932beaea47e34f110931e45238247122f53ddfe2b89104c9c9eb6342b4139d7";

        var token = EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0");

        Assert.Equal(Expected, token);
    }

    [Fact]
    public void ClientToken_SameLaunchTwice_IsStable()
    {
        var first = EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0");

        var second = EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0");

        Assert.Equal(first, second);
    }

    [Fact]
    public void ClientToken_LongCluster_FitsEcsLimit()
    {
        var cluster = new string('c', 64);

        var token = EcsTaskIdentity.ClientToken(cluster, long.MaxValue, int.MaxValue, $"{cluster}-{long.MaxValue}-{int.MaxValue}-{int.MaxValue}", int.MaxValue);

        Assert.Equal(64, token.Length);
        Assert.All(token, character => Assert.InRange(character, (char)33, (char)126));
    }

    [Fact]
    public void ClientToken_EachInput_ChangesToken()
    {
        var tokens = new[]
        {
            EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0"),
            EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-1"),
            EcsTaskIdentity.ClientToken("bots", 3, 3, "bots-3-2-0"),
            EcsTaskIdentity.ClientToken("bots", 4, 2, "bots-3-2-0"),
            EcsTaskIdentity.ClientToken("bots2", 3, 2, "bots-3-2-0"),
            EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0", placementRetry: 1),
        };

        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ClientToken_PlacementRetry_MatchesIndependentSha256()
    {
        // Computed with Python: hashlib.sha256(b"alyx-run-task\nbots\n3\n2\nbots-3-2-0\n1").hexdigest()
        const string Expected = "88e795fc71ba2c49700eded4b24a438bf21fda04e555569b34e75cb87dc622e9";

        var token = EcsTaskIdentity.ClientToken("bots", 3, 2, "bots-3-2-0", placementRetry: 1);

        Assert.Equal(Expected, token);
    }

    [Theory]
    [InlineData("prod", "alyx/prod")]
    [InlineData("eu.prod_1", "alyx/eu_prod_1")]
    [InlineData("a-very-long-cluster-name-that-goes-on-and-on", "alyx/a-very-long-cluster-name-that-g")]
    public void StartedBy_ClusterName_FitsEcsCharactersAndLength(string cluster, string expected)
    {
        var startedBy = EcsTaskIdentity.StartedBy(cluster);

        Assert.Equal(expected, startedBy);
        Assert.InRange(startedBy.Length, 1, 36);
    }

    [Fact]
    public void TryRead_TagsOfLaunch_ReturnsShard()
    {
        var request = new ShardLaunchRequest("bots", 7, 5, 12, "bots-7-5-2");
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var task = new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/c/1", Tags = EcsTaskIdentity.Tags(request), CreatedAt = created };

        var shard = EcsTaskIdentity.TryRead(task, "bots", DateTimeOffset.UnixEpoch);

        Assert.Equal(new ShardTask("bots-7-5-2", 7, 5, 12, created, null), shard);
    }

    [Fact]
    public void TryRead_OtherCluster_ReturnsNull()
    {
        var task = new EcsTask { TaskArn = "arn", Tags = EcsTaskIdentity.Tags(new ShardLaunchRequest("other", 1, 0, 1, "other-1-0-0")) };

        var shard = EcsTaskIdentity.TryRead(task, "bots", DateTimeOffset.UnixEpoch);

        Assert.Null(shard);
    }

    [Fact]
    public void TryRead_MissingShardTag_ReturnsNull()
    {
        var tags = EcsTaskIdentity.Tags(new ShardLaunchRequest("bots", 1, 0, 1, "bots-1-0-0")).Where(tag => tag.Key != EcsTaskIdentity.ShardTag).ToList();
        var task = new EcsTask { TaskArn = "arn", Tags = tags };

        var shard = EcsTaskIdentity.TryRead(task, "bots", DateTimeOffset.UnixEpoch);

        Assert.Null(shard);
    }
}

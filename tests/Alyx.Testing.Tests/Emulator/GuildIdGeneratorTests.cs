using Alyx.Testing.Emulator;

namespace Alyx.Testing.Tests.Emulator;

public sealed class GuildIdGeneratorTests
{
    private static readonly DateTimeOffset Created = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_SameSeed_SameIds()
    {
        Assert.Equal(GuildIdGenerator.Generate(50, Created, seed: 7), GuildIdGenerator.Generate(50, Created, seed: 7));
    }

    [Fact]
    public void Generate_Ids_AreDistinctAndCarryCreationTime()
    {
        var ids = GuildIdGenerator.Generate(1000, Created);

        Assert.Equal(1000, ids.Distinct().Count());
        var createdMs = (long)(ids[0] >> 22) + GuildIdGenerator.DiscordEpochMilliseconds;
        Assert.Equal(Created.ToUnixTimeMilliseconds(), createdMs);
    }

    [Fact]
    public void OwnedBy_AllShards_PartitionTheGuilds()
    {
        var ids = GuildIdGenerator.Generate(1000, Created);

        var shares = Enumerable.Range(0, 7).Select(shard => GuildIdGenerator.OwnedBy(ids, shard, 7).ToList()).ToList();

        Assert.Equal(1000, shares.Sum(share => share.Count));
        Assert.Equal(1000, shares.SelectMany(share => share).Distinct().Count());
        Assert.All(shares, share => Assert.InRange(share.Count, 1000 / 7 - 1, 1000 / 7 + 1));
    }
}

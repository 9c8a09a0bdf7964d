using Alyx.Discord.Gateway;
using Alyx.Discord.Tests.Support;
using Alyx.Testing.Emulator;

namespace Alyx.Discord.Tests.Gateway;

/// <summary>The shard connection against the Discord emulator, one test per protocol path.</summary>
public sealed class GatewayShardScenarioTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Start_AgainstEmulator_ReachesReadyWithShardGuilds(bool compression)
    {
        await using var fixture = await EmulatorShardFixture.StartAsync(compression);

        await fixture.WaitForReadyCountAsync(1);
        var expectedGuilds = GuildIdGenerator.OwnedBy(fixture.Emulator.GuildIds, 0, 2).Count();
        await fixture.Observer.WaitUntilAsync(() => fixture.Observer.Count("GUILD_CREATE") == expectedGuilds, "every GUILD_CREATE");

        Assert.Equal(ShardState.Ready, fixture.Shard.State);
        Assert.Equal(expectedGuilds, fixture.Shard.GuildCount);
        Assert.NotNull(fixture.Shard.Session);
        Assert.Equal(fixture.Emulator.ResumeGatewayUri.ToString(), fixture.Shard.Session.ResumeGatewayUrl);
        Assert.Equal(1, fixture.Gate.Grants);
    }
}

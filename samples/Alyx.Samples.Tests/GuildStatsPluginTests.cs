using Alyx.Abstractions.Messaging;
using Alyx.Samples.GuildStats;
using Alyx.Samples.Tests.Support;

namespace Alyx.Samples.Tests;

/// <summary>The cross-shard sample on two real shard hosts against the Discord emulator.</summary>
public sealed class GuildStatsPluginTests
{
    [Fact]
    public async Task Guilds_TwoShards_RepliesWithTotalOfBoth()
    {
        await using var shards = await EmulatedShards.StartAsync(2, () => [new GuildStatsPlugin()]);
        await WaitForCountRouteAsync(shards);

        shards.EmitMessage(shards.GuildOf(0), channelId: 88, messageId: 4001, "!guilds");
        var reply = await shards.WaitForMessageAsync("guilds across");

        Assert.Equal($"{shards.Emulator.GuildIds.Count} guilds across 2 of 2 shards", reply.Content);
    }

    [Fact]
    public async Task Guild_OwnedByOtherShard_RepliesFromOwner()
    {
        await using var shards = await EmulatedShards.StartAsync(2, () => [new GuildStatsPlugin()]);
        var target = shards.GuildOf(1);
        var owner = await WaitForGuildAsync(shards, target);

        shards.EmitMessage(shards.GuildOf(0), channelId: 88, messageId: 5001, $"!guild {target}");
        var reply = await shards.WaitForMessageAsync($"guild {target} ");

        Assert.Equal(
            $"guild {target} ({owner.Name}) with {owner.MemberCount} members, answered by its shard",
            reply.Content);
    }

    /// <summary>Waits until every shard serves the count route: each plugin registers it in StartAsync.</summary>
    private static async Task WaitForCountRouteAsync(EmulatedShards shards)
    {
        using var timeout = new CancellationTokenSource(EmulatedShards.StepTimeout);
        while (true)
        {
            var result = await shards.Messenger.BroadcastAsync<CountRequest, int>(
                GuildStatsPlugin.CountRoute, new CountRequest(), TimeSpan.FromSeconds(2), timeout.Token);
            if (result.AllOk)
            {
                return;
            }

            // A shard without the route fails at once, so space the retries.
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Waits until the owner of <paramref name="guildId"/> handled its GUILD_CREATE, and returns what it stored.</summary>
    private static async Task<GuildInfo> WaitForGuildAsync(EmulatedShards shards, ulong guildId)
    {
        using var timeout = new CancellationTokenSource(EmulatedShards.StepTimeout);
        while (true)
        {
            try
            {
                var info = await shards.Messenger.RequestAsync<ulong, GuildInfo?>(
                    MessageTarget.Guild(guildId), GuildStatsPlugin.GuildRoute, guildId, TimeSpan.FromSeconds(2), timeout.Token);
                if (info is not null)
                {
                    return info;
                }
            }
            catch (RequestFaultedException exception) when (exception.ErrorType == "RouteNotFound")
            {
                // The owning shard has not started its plugins yet.
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}

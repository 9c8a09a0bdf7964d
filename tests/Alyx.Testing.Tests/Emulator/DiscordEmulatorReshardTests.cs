using System.Globalization;
using Alyx.Abstractions.Sharding;
using Alyx.Testing.Emulator;
using Alyx.Testing.Tests.Support;

namespace Alyx.Testing.Tests.Emulator;

/// <summary>Sessions of two shard counts at once, as during a blue-green reshard: routing, overlaps and identify buckets.</summary>
public sealed class DiscordEmulatorReshardTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    /// <summary>Starts an emulator with an identify window of zero, so sessions of one bucket start back to back.</summary>
    public Task InitializeAsync() => StartEmulatorAsync(TimeSpan.Zero);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Sessions_SameShardIdOtherCount_NoOverlap()
    {
        await using var oldSet = await IdentifiedAsync(0, 2);

        await using var newSet = await IdentifiedAsync(0, 3);

        Assert.Equal(0, _emulator.GetStats().DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task EmitDispatch_TwoCounts_ReachesOwnerOfEachCount()
    {
        var guildId = _emulator.GuildIds.First(id => ShardMath.ShardIdForGuild(id, 2) != ShardMath.ShardIdForGuild(id, 3));
        var oldShard = ShardMath.ShardIdForGuild(guildId, 2);
        var newShard = ShardMath.ShardIdForGuild(guildId, 3);
        await using var oldOwner = await IdentifiedAsync(oldShard, 2);
        await using var newOwner = await IdentifiedAsync(newShard, 3);
        await using var newOther = await IdentifiedAsync(oldShard == newShard ? (newShard + 1) % 3 : oldShard, 3);

        var delivered = _emulator.EmitDispatch(guildId, "MESSAGE_CREATE", $$"""{"id":"{{guildId + 1}}","guild_id":"{{guildId}}"}""");
        var oldEvent = await oldOwner.ReceiveDispatchAsync("MESSAGE_CREATE");
        var newEvent = await newOwner.ReceiveDispatchAsync("MESSAGE_CREATE");

        Assert.Equal(2, delivered);
        Assert.Equal(guildId.ToString(CultureInfo.InvariantCulture), oldEvent!.Value.GetProperty("d").GetProperty("guild_id").GetString());
        Assert.Equal(guildId.ToString(CultureInfo.InvariantCulture), newEvent!.Value.GetProperty("d").GetProperty("guild_id").GetString());
    }

    [Fact]
    public async Task Identify_SameBucketOtherCount_SharesRateLimit()
    {
        await StartEmulatorAsync(TimeSpan.FromSeconds(30));
        await using var oldSet = await IdentifiedAsync(0, 2);
        await using var newSet = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await newSet.IdentifyAsync(_emulator.Options.Token, 0, 3);
        var reply = await newSet.ReceiveUntilAsync(p => p.GetProperty("op").GetInt32() is 0 or 9);

        Assert.Equal(9, reply!.Value.GetProperty("op").GetInt32());
        Assert.Equal(1, _emulator.GetStats().IdentifyViolations);
    }

    [Fact]
    public async Task Identify_CountNotMultiple_ClosesInvalidShard()
    {
        await StartEmulatorAsync(TimeSpan.Zero, shardCountMultiple: 2);
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await client.IdentifyAsync(_emulator.Options.Token, 0, 3);
        var code = await client.ReceiveCloseAsync();

        Assert.Equal(4010, code);
        Assert.Contains("not a multiple of 2", _emulator.GetStats().Identifies.Single().Reason, StringComparison.Ordinal);
    }

    private async Task StartEmulatorAsync(TimeSpan identifyWindow, int shardCountMultiple = 1)
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 2,
            ShardCountMultiple = shardCountMultiple,
            MaxConcurrency = 4,
            Guilds = 30,
            IdentifyWindow = identifyWindow,
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),

            // A long grace keeps every session live however slowly the next one connects.
            HeartbeatGrace = TimeSpan.FromSeconds(30),
        });
    }

    /// <summary>Connects and identifies, and fails the test unless READY comes back.</summary>
    private async Task<RawGatewayClient> IdentifiedAsync(int shardId, int shardCount)
    {
        var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);
        await client.IdentifyAsync(_emulator.Options.Token, shardId, shardCount);
        var ready = await client.ReceiveUntilAsync(p => p.GetProperty("op").GetInt32() is 0 or 9);
        Assert.NotNull(ready);
        Assert.True(ready.Value.GetProperty("op").GetInt32() == 0, $"shard [{shardId}, {shardCount}] was not accepted: {ready}");
        return client;
    }
}

using Alyx.Samples.Ping;
using Alyx.Samples.Tests.Support;
using Alyx.Testing.Emulator;

namespace Alyx.Samples.Tests;

/// <summary>The ping sample on real shard hosts against the Discord emulator.</summary>
public sealed class PingPluginTests
{
    [Fact]
    public async Task Ping_InGuild_RepliesWithOwningShard()
    {
        await using var shards = await EmulatedShards.StartAsync(2, () => [new PingPlugin()]);
        var guild = shards.GuildOf(1);

        var delivered = shards.EmitMessage(guild, channelId: 77, messageId: 1001, "!ping");
        var reply = await shards.WaitForMessageAsync("(message 1001)");

        Assert.Equal(1, delivered);
        Assert.Equal("/api/v10/channels/77/messages", reply.Path);
        Assert.Equal("pong from shard 1/2 (message 1001)", reply.Content);
    }

    [Fact]
    public async Task Ping_FromBot_IsIgnored()
    {
        await using var shards = await EmulatedShards.StartAsync(1, () => [new PingPlugin()]);
        var guild = shards.GuildOf(0);

        shards.EmitMessage(guild, channelId: 77, messageId: 2001, "!ping", authorIsBot: true);
        shards.EmitMessage(guild, channelId: 77, messageId: 2002, "!ping");
        await shards.WaitForMessageAsync("(message 2002)");

        // A plugin's handlers run one at a time in gateway order, so the bot's message was handled first.
        Assert.DoesNotContain(shards.PostedMessages(), message => message.Content.Contains("(message 2001)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ping_MissedDuringDrop_RepliesAfterResume()
    {
        await using var shards = await EmulatedShards.StartAsync(1, () => [new PingPlugin()]);
        var guild = shards.GuildOf(0);
        var missed = new EmulatedEvent("MESSAGE_CREATE", EmulatedShards.MessageJson(guild, channelId: 77, messageId: 3001, "!ping"));

        var dropped = shards.Emulator.DropConnection(0, missed);
        var reply = await shards.WaitForMessageAsync("(message 3001)");

        var stats = shards.Emulator.GetStats();
        Assert.Equal(1, dropped);
        Assert.Equal("pong from shard 0/1 (message 3001)", reply.Content);
        Assert.True(stats.Resumes >= 1, $"expected a RESUME after the drop, saw {stats.Resumes}");
        Assert.Equal(1, stats.Identifies.Count(identify => identify.Accepted));
    }
}

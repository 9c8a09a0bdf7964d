using System.Text.Json;
using Alyx.Abstractions.Sharding;
using Alyx.Testing.Emulator;
using Alyx.Testing.Tests.Support;

namespace Alyx.Testing.Tests.Emulator;

/// <summary>The emulated gateway, driven by a bare WebSocket client so each check is about the emulator alone.</summary>
public sealed class DiscordEmulatorGatewayTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    private string Token => _emulator.Options.Token;

    /// <summary>
    /// Starts this test's emulator. The default identify window of 30 s makes a second identify in a bucket a sure
    /// violation. Tests that identify one bucket repeatedly on purpose start their own emulator with a window of zero.
    /// </summary>
    public Task InitializeAsync() => StartEmulatorAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Identify_SameBucketTooSoon_IsViolation()
    {
        await using var first = await IdentifiedAsync(0, 4);
        await using var second = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await second.IdentifyAsync(Token, 2, 4);
        var invalid = await second.ReceiveOpAsync(9);

        var stats = _emulator.GetStats();
        Assert.False(invalid!.Value.GetProperty("d").GetBoolean());
        Assert.Equal(1, stats.IdentifyViolations);
        Assert.Equal(1, stats.Identifies.Count(i => i.Accepted));
        Assert.Equal(2, stats.SessionStartRemaining);
    }

    [Fact]
    public async Task Identify_OtherBucket_IsAcceptedAtOnce()
    {
        await using var first = await IdentifiedAsync(0, 4);

        await using var second = await IdentifiedAsync(1, 4);

        Assert.Equal(0, _emulator.GetStats().IdentifyViolations);
    }

    [Fact]
    public async Task Ready_GuildsOfEachShard_FollowShardFormula()
    {
        var total = 0;
        for (var shard = 0; shard < 2; shard++)
        {
            await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);
            await client.IdentifyAsync(Token, shard, 2);
            var ready = await client.ReceiveDispatchAsync("READY");
            var guilds = ready!.Value.GetProperty("d").GetProperty("guilds").EnumerateArray().Select(g => ulong.Parse(g.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

            Assert.All(guilds, id => Assert.Equal(shard, ShardMath.ShardIdForGuild(id, 2)));
            total += guilds.Count;
        }

        Assert.Equal(50, total);
    }

    [Theory]
    [InlineData(4, 4, 1, 4010)]
    [InlineData(-1, 4, 1, 4010)]
    [InlineData(0, 4, 1 << 17, 4013)]
    public async Task Identify_InvalidValues_ClosesWithCode(int shardId, int shardCount, int intents, int expectedCode)
    {
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await client.IdentifyAsync(Token, shardId, shardCount, intents);

        Assert.Equal(expectedCode, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Identify_WrongToken_Closes4004()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await client.IdentifyAsync("nope", 0, 4);

        Assert.Equal(4004, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Identify_Twice_Closes4005()
    {
        await using var client = await IdentifiedAsync(0, 4);

        await client.IdentifyAsync(Token, 0, 4);

        Assert.Equal(4005, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task PresenceUpdate_BeforeIdentify_Closes4003()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await client.SendAsync("""{"op":3,"d":{"status":"online","activities":[],"afk":false,"since":null}}""");

        Assert.Equal(4003, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Payload_Over4096Bytes_Closes4002()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);

        await client.SendAsync($$"""{"op":1,"d":null,"pad":"{{new string('x', 5000)}}"}""");

        Assert.Equal(4002, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Connect_WrongApiVersion_Closes4012()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri, "v=9&encoding=json");

        Assert.Equal(4012, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Resume_SequenceAhead_Closes4007()
    {
        string sessionId;
        await using (var client = await IdentifiedAsync(0, 4))
        {
            sessionId = _emulator.GetStats().Sessions.Single().SessionId;
        }

        await using var resumer = await RawGatewayClient.ConnectAsync(_emulator.ResumeGatewayUri);
        await resumer.SendAsync($$$"""{"op":6,"d":{"token":"{{{Token}}}","session_id":"{{{sessionId}}}","seq":999}}""");

        Assert.Equal(4007, await resumer.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Resume_AfterCleanClose_GetsInvalidSession()
    {
        string sessionId;
        await using (var client = await IdentifiedAsync(0, 4))
        {
            sessionId = _emulator.GetStats().Sessions.Single().SessionId;
            await client.CloseAsync(1000);
            await client.ReceiveCloseAsync();
        }

        await using var resumer = await RawGatewayClient.ConnectAsync(_emulator.ResumeGatewayUri);
        await resumer.SendAsync($$$"""{"op":6,"d":{"token":"{{{Token}}}","session_id":"{{{sessionId}}}","seq":1}}""");
        var invalid = await resumer.ReceiveOpAsync(9);

        Assert.False(invalid!.Value.GetProperty("d").GetBoolean());
        Assert.Equal(0, _emulator.GetStats().Resumes);
    }

    [Fact]
    public async Task Sessions_TwoLiveForOneShard_RecordOverlap()
    {
        // A long grace keeps the first session live however slowly the second one connects.
        await StartEmulatorAsync(TimeSpan.Zero, heartbeatGrace: TimeSpan.FromSeconds(30));
        await using var first = await IdentifiedAsync(0, 4);
        await first.SendAsync("""{"op":1,"d":null}""");

        await using var second = await IdentifiedAsync(0, 4);

        var overlaps = _emulator.GetStats().DuplicateSessionOverlaps;
        var overlap = Assert.Single(overlaps.List);
        Assert.Equal(1, overlaps.Count);
        Assert.Equal(0, overlap.Shard);
    }

    [Fact]
    public async Task SilentConnection_StopsBeingLiveAndIsClosed()
    {
        await StartEmulatorAsync(TimeSpan.Zero);
        await using var silent = await IdentifiedAsync(0, 4);

        var code = await silent.ReceiveCloseAsync();
        await using var successor = await IdentifiedAsync(0, 4);

        var stats = _emulator.GetStats();
        Assert.Equal(4000, code);
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.NotNull(stats.Sessions[0].Closed);
    }

    [Fact]
    public async Task Identify_NoSessionStartsLeft_IsRejected()
    {
        await StartEmulatorAsync(TimeSpan.Zero);
        for (var shard = 0; shard < 3; shard++)
        {
            await using var client = await IdentifiedAsync(shard, 4);
        }

        await using var extra = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);
        await extra.IdentifyAsync(Token, 3, 4);
        var invalid = await extra.ReceiveOpAsync(9);

        var stats = _emulator.GetStats();
        Assert.False(invalid!.Value.GetProperty("d").GetBoolean());
        Assert.Equal(0, stats.SessionStartRemaining);
        Assert.Equal("session start limit exhausted", stats.Identifies[^1].Reason);
        Assert.Equal(0, stats.IdentifyViolations);
    }

    [Fact]
    public async Task StatsEndpoint_ReturnsDocumentedFields()
    {
        await using var client = await IdentifiedAsync(0, 4);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(_emulator.BaseUri, "_emulator/stats")));

        var root = stats.RootElement;
        var identify = root.GetProperty("identifies")[0];
        Assert.Equal(0, identify.GetProperty("shard").GetInt32());
        Assert.Equal(4, identify.GetProperty("count").GetInt32());
        Assert.True(identify.GetProperty("accepted").GetBoolean());
        Assert.Equal(1, root.GetProperty("sessions").GetArrayLength());
        Assert.Equal(0, root.GetProperty("duplicateSessionOverlaps").GetProperty("count").GetInt32());
        Assert.Equal(0, root.GetProperty("identifyViolations").GetInt32());
        Assert.Equal(0, root.GetProperty("resumes").GetInt32());
    }

    [Fact]
    public async Task FaultEndpoint_Reconnect_SendsOp7()
    {
        await using var client = await IdentifiedAsync(0, 4);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var response = await http.PostAsync(new Uri(_emulator.BaseUri, "_emulator/shards/0/reconnect"), null);
        var reconnect = await client.ReceiveOpAsync(7);

        Assert.True(response.IsSuccessStatusCode);
        Assert.NotNull(reconnect);
    }

    [Fact]
    public void StartAsync_InvalidOptions_NamesEveryFailure()
    {
        var options = new DiscordEmulatorOptions { Shards = 0, MaxConcurrency = 0, Guilds = -1, Token = "" };

        var failures = string.Join("\n", options.Validate());

        foreach (var name in new[] { "Shards", "MaxConcurrency", "Guilds", "Token" })
        {
            Assert.Contains(name, failures, StringComparison.Ordinal);
        }
    }

    private async Task StartEmulatorAsync(TimeSpan identifyWindow, TimeSpan? heartbeatGrace = null)
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 4,
            MaxConcurrency = 2,
            Guilds = 50,
            IdentifyWindow = identifyWindow,
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
            HeartbeatGrace = heartbeatGrace ?? TimeSpan.FromMilliseconds(500),
            SessionStartLimit = 3,
        });
    }

    /// <summary>Connects and identifies, and fails the test unless READY comes back.</summary>
    private async Task<RawGatewayClient> IdentifiedAsync(int shardId, int shardCount)
    {
        var client = await RawGatewayClient.ConnectAsync(_emulator.GatewayUri);
        await client.IdentifyAsync(Token, shardId, shardCount);
        var ready = await client.ReceiveUntilAsync(p => p.GetProperty("op").GetInt32() is 0 or 9);
        Assert.NotNull(ready);
        Assert.True(ready.Value.GetProperty("op").GetInt32() == 0, $"shard {shardId} was not accepted: {ready}");
        return client;
    }
}

using Alyx.Discord.Events;
using Alyx.Discord.Gateway;
using Alyx.Discord.Rest;
using Alyx.Discord.Tests.Support;
using Alyx.Testing.Emulator;

namespace Alyx.Discord.Tests.Gateway;

/// <summary>The shard connection against the Discord emulator, one test per protocol path.</summary>
public sealed class GatewayShardScenarioTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

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

    [Fact]
    public async Task Heartbeat_Acknowledged_ReportsLatency()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();

        await fixture.Observer.WaitUntilAsync(() => !fixture.Observer.Latencies.IsEmpty, "a heartbeat ACK");

        Assert.NotNull(fixture.Shard.Latency);
        Assert.True(fixture.Shard.Latency >= TimeSpan.Zero);
        Assert.True(fixture.Observer.Latencies.First() >= TimeSpan.Zero);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Drop_WithMissedEvents_ResumesAndReplaysThem(bool compression)
    {
        await using var fixture = await EmulatorShardFixture.StartAsync(compression);
        await fixture.WaitForReadyCountAsync(1);
        var guild = GuildIdGenerator.OwnedBy(fixture.Emulator.GuildIds, 0, 2).First();
        var missed = Enumerable.Range(1, 3).Select(i => new EmulatedEvent("MESSAGE_CREATE", MessageJson(guild, (ulong)i))).ToArray();

        var dropped = fixture.Emulator.DropConnection(0, missed);
        await fixture.WaitForReadyCountAsync(2);

        var stats = fixture.Emulator.GetStats();
        Assert.Equal(1, dropped);
        Assert.Equal(3, fixture.Observer.Count("MESSAGE_CREATE"));
        Assert.Equal(1, fixture.Observer.Count("RESUMED"));
        Assert.Equal(1, stats.Resumes);
        Assert.Equal(3, stats.ReplayedEvents);
        Assert.Equal(1, fixture.Gate.Grants);
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task Reconnect_FromGateway_ResumesWithoutIdentify()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);
        var sessionId = fixture.Shard.Session!.SessionId;

        fixture.Emulator.SendReconnect(0);
        await fixture.WaitForReadyCountAsync(2);

        Assert.Equal(1, fixture.Emulator.GetStats().Resumes);
        Assert.Equal(1, fixture.Gate.Grants);
        Assert.Equal(sessionId, fixture.Shard.Session!.SessionId);
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        fixture.Emulator.SendInvalidSession(0, resumable: true);
        await fixture.WaitForReadyCountAsync(2);

        Assert.Equal(1, fixture.Emulator.GetStats().Resumes);
        Assert.Equal(1, fixture.Gate.Grants);
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesThroughGate()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);
        var firstSession = fixture.Shard.Session!.SessionId;

        fixture.Emulator.SendInvalidSession(0, resumable: false);
        await fixture.WaitForReadyCountAsync(2);

        var stats = fixture.Emulator.GetStats();
        Assert.Equal(0, stats.Resumes);
        Assert.Equal(2, stats.Identifies.Count(i => i.Accepted));
        Assert.Equal(stats.Identifies.Count, fixture.Gate.Grants);
        Assert.NotEqual(firstSession, fixture.Shard.Session!.SessionId);
    }

    [Fact]
    public async Task MissingHeartbeatAck_ZombieConnection_ResumesOnNewConnection()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        fixture.Emulator.StopHeartbeatAcks(0);
        await fixture.WaitForReadyCountAsync(2);

        Assert.Equal(1, fixture.Emulator.GetStats().Resumes);
        Assert.Equal(1, fixture.Gate.Grants);
        Assert.Contains(fixture.Observer.States, s => s.Reason.Contains("zombie", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4005)]
    [InlineData(4008)]
    public async Task Close_ResumableCode_Resumes(int closeCode)
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        fixture.Emulator.CloseConnection(0, closeCode);
        await fixture.WaitForReadyCountAsync(2);

        Assert.Equal(1, fixture.Emulator.GetStats().Resumes);
        Assert.Equal(1, fixture.Gate.Grants);
    }

    [Theory]
    [InlineData(4003)]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_NewSessionCode_IdentifiesAgain(int closeCode)
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        fixture.Emulator.CloseConnection(0, closeCode);
        await fixture.WaitForReadyCountAsync(2);

        // Every IDENTIFY passes the gate. A count of exactly two would be wrong on a loaded machine, where the
        // emulator may see two well-spaced identifies arrive too close together and reject one.
        var stats = fixture.Emulator.GetStats();
        Assert.Equal(0, stats.Resumes);
        Assert.Equal(2, stats.Identifies.Count(i => i.Accepted));
        Assert.Equal(stats.Identifies.Count, fixture.Gate.Grants);
    }

    [Theory]
    [InlineData(4010, GatewayFailureKind.InvalidShard)]
    [InlineData(4012, GatewayFailureKind.InvalidApiVersion)]
    [InlineData(4013, GatewayFailureKind.InvalidIntents)]
    public async Task Close_FatalCode_FailsWithoutReconnecting(int closeCode, GatewayFailureKind kind)
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        fixture.Emulator.CloseConnection(0, closeCode);
        await fixture.Observer.WaitUntilAsync(() => fixture.Shard.State == ShardState.Failed, "the Failed state");
        await fixture.Shard.Completion.WaitAsync(StopTimeout);

        Assert.Equal(kind, fixture.Shard.Failure!.Kind);
        Assert.Equal(closeCode, fixture.Shard.Failure.CloseCode);
        Assert.Equal(1, fixture.Gate.Grants);
        Assert.Single(fixture.Emulator.GetStats().Identifies);
    }

    [Fact]
    public async Task Identify_WrongToken_FailsWithAuthenticationFailed()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync(configureShard: options => options.Token = "wrong-token");

        var failure = await Assert.ThrowsAsync<GatewayFailureException>(() => fixture.Shard.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(ShardObserver.DefaultTimeout));
        await fixture.Shard.Completion.WaitAsync(StopTimeout);

        Assert.Equal(GatewayFailureKind.AuthenticationFailed, failure.Failure.Kind);
        Assert.Equal(4004, failure.Failure.CloseCode);
        Assert.Single(fixture.Emulator.GetStats().Identifies);
    }

    [Fact]
    public async Task Identify_TooManyGuildsForSession_FailsWithShardingRequired()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync(configureEmulator: options => options.MaxGuildsPerSession = 1);

        var failure = await Assert.ThrowsAsync<GatewayFailureException>(() => fixture.Shard.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(ShardObserver.DefaultTimeout));

        Assert.Equal(GatewayFailureKind.ShardingRequired, failure.Failure.Kind);
    }

    [Fact]
    public async Task Identify_PrivilegedIntentNotAllowed_FailsWithDisallowedIntents()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync(
            configureEmulator: options => options.AllowedPrivilegedIntents = GatewayIntents.None,
            configureShard: options => options.Intents = GatewayIntents.Guilds | GatewayIntents.MessageContent);

        var failure = await Assert.ThrowsAsync<GatewayFailureException>(() => fixture.Shard.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(ShardObserver.DefaultTimeout));

        Assert.Equal(GatewayFailureKind.DisallowedIntents, failure.Failure.Kind);
        Assert.Equal(ShardState.Failed, fixture.Shard.State);
    }

    [Fact]
    public async Task EmitDispatch_MessageCreate_ReachesSubscriberAsTypedEvent()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);
        var guild = GuildIdGenerator.OwnedBy(fixture.Emulator.GuildIds, 0, 2).First();

        var delivered = fixture.Emulator.EmitDispatch(guild, "MESSAGE_CREATE", MessageJson(guild, 18_446_744_073_709_551_000));
        await fixture.Observer.WaitUntilAsync(() => fixture.Observer.Count("MESSAGE_CREATE") == 1, "MESSAGE_CREATE");

        var message = Assert.IsType<MessageCreateEvent>(fixture.Observer.Dispatches.Single(d => d.Name == "MESSAGE_CREATE").ToTypedEvent());
        Assert.Equal(1, delivered);
        Assert.Equal(18_446_744_073_709_551_000UL, message.Id);
        Assert.Equal(guild, message.GuildId);
        Assert.Equal("hello", message.Content);
    }

    [Fact]
    public async Task Stop_KeepSession_SuccessorResumesWithoutIdentifyOrOverlap()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        await fixture.Shard.StopAsync(ShardStopMode.KeepSession, CancellationToken.None);
        var saved = fixture.Shard.Session!;
        var options = EmulatorShardFixture.FastShardOptions(fixture.Emulator, compression: true);
        options.InitialSession = saved;
        using var gate = new CountingIdentifyGate(1, TimeSpan.FromMilliseconds(400));
        await using var successor = new GatewayShard(options, gate);
        using var observer = new ShardObserver(successor);
        await successor.StartAsync(CancellationToken.None);
        await observer.WaitUntilAsync(() => successor.State == ShardState.Ready, "the successor's Ready state");

        var stats = fixture.Emulator.GetStats();
        Assert.Equal(saved.SessionId, successor.Session!.SessionId);
        Assert.Equal(0, gate.Grants);
        Assert.Equal(1, stats.Resumes);
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task SendAsync_PayloadOver4096Bytes_ThrowsBeforeSending()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);
        var presence = new GatewayPresence("online", [new GatewayActivity(new string('x', 5000))]);

        var error = await Assert.ThrowsAsync<GatewayPayloadTooLargeException>(() => fixture.Shard.UpdatePresenceAsync(presence, CancellationToken.None).AsTask());

        Assert.Equal(GatewayOpcodes.PresenceUpdate, error.Opcode);
        Assert.Equal(ShardState.Ready, fixture.Shard.State);
    }

    [Fact]
    public async Task InteractionCreate_AnsweredOverRest_IsRecorded()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var rest = new DiscordRestClient(http, new DiscordRestOptions { BaseUrl = fixture.Emulator.RestUri, Token = fixture.Emulator.Options.Token });
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Shard.DispatchReceived += (_, dispatch) =>
        {
            if (dispatch.ToTypedEvent() is InteractionCreateEvent interaction)
            {
                _ = Task.Run(async () =>
                {
                    await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse(4, new InteractionResponseData("pong")), CancellationToken.None);
                    answered.TrySetResult();
                });
            }
        };
        await fixture.WaitForReadyCountAsync(1);
        var guild = GuildIdGenerator.OwnedBy(fixture.Emulator.GuildIds, 0, 2).First();

        fixture.Emulator.EmitDispatch(guild, "INTERACTION_CREATE", $$$"""{"id":"900","application_id":"1","type":2,"token":"abc","guild_id":"{{{guild}}}","data":{"name":"ping"}}""");
        await answered.Task.WaitAsync(ShardObserver.DefaultTimeout);

        var recorded = Assert.Single(fixture.Emulator.GetRecordedRequests());
        Assert.Equal("/api/v10/interactions/900/abc/callback", recorded.Path);
        Assert.Contains("pong", recorded.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectMessage_WithoutGuild_ReachesShardZero()
    {
        await using var fixture = await EmulatorShardFixture.StartAsync();
        await fixture.WaitForReadyCountAsync(1);

        var delivered = fixture.Emulator.EmitDirectDispatch("MESSAGE_CREATE", """{"id":"5","channel_id":"6","author":{"id":"7","username":"someone"},"content":"dm"}""");
        await fixture.Observer.WaitUntilAsync(() => fixture.Observer.Count("MESSAGE_CREATE") == 1, "the direct message");

        var message = Assert.IsType<MessageCreateEvent>(fixture.Observer.Dispatches.Single(d => d.Name == "MESSAGE_CREATE").ToTypedEvent());
        Assert.Equal(1, delivered);
        Assert.Null(message.GuildId);
    }

    [Fact]
    public async Task SendAsync_NotStarted_ThrowsInvalidOperation()
    {
        using var gate = new CountingIdentifyGate(1, TimeSpan.FromSeconds(5));
        await using var shard = new GatewayShard(new GatewayShardOptions { Token = "t" }, gate);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => shard.UpdatePresenceAsync(GatewayPresence.Online, CancellationToken.None).AsTask());

        Assert.Contains("Disconnected", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, gate.Grants);
    }

    private static string MessageJson(ulong guildId, ulong messageId) =>
        $$"""{"id":"{{messageId}}","channel_id":"42","guild_id":"{{guildId}}","author":{"id":"7","username":"someone"},"content":"hello"}""";
}

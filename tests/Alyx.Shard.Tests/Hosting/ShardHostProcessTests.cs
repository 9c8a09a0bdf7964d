using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Shard.Hosting;
using Alyx.Shard.Routes;
using Alyx.Shard.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>Shard hosts run as real processes against the Discord emulator and the test Redis.</summary>
public sealed class ShardHostProcessTests
{
    private static readonly TimeSpan Step = ShardTestCluster.StepTimeout;

    [Fact]
    public async Task SecondHost_LeaseModeExit_ExitsWithLeaseHeldAndNoOverlap()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(SecondHost_LeaseModeExit_ExitsWithLeaseHeldAndNoOverlap));
        var first = cluster.StartHost("host-a", cluster.Environment(0));
        await cluster.WaitForStatsAsync(s => ShardTestCluster.LiveSessions(s, 0) == 1, "host-a's session", () => first.Output);
        var environment = cluster.Environment(0);
        environment["ALYX_LEASE_MODE"] = "Exit";

        var second = cluster.StartHost("host-b", environment);
        var exitCode = await second.WaitForExitAsync(Step);

        Assert.Equal((int)ShardExitCode.LeaseHeld, exitCode);
        Assert.Contains("held by host-a", second.Output, StringComparison.Ordinal);
        var stats = cluster.Emulator.GetStats();
        Assert.Equal(1, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.True(first.IsRunning);
    }

    [Fact]
    public async Task JsonLogFormat_ErrorExit_WritesJsonLines()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(JsonLogFormat_ErrorExit_WritesJsonLines));
        var environment = cluster.Environment(0);
        environment["ALYX_LOG_FORMAT"] = "json";
        var first = cluster.StartHost("host-json-a", environment);
        var holding = await first.WaitForLineAsync("Holding lease", Step);
        environment["ALYX_LEASE_MODE"] = "Exit";

        var second = cluster.StartHost("host-json-b", environment);
        var exitCode = await second.WaitForExitAsync(Step);

        Assert.Equal((int)ShardExitCode.LeaseHeld, exitCode);
        using var holdingLine = System.Text.Json.JsonDocument.Parse(holding);
        Assert.Equal("Information", holdingLine.RootElement.GetProperty("LogLevel").GetString());
        var errorLine = second.Output.Split('\n').Single(line => line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
        using var error = System.Text.Json.JsonDocument.Parse(errorLine);
        Assert.Contains("exits with", error.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_UnknownLogFormat_ExitsWithInvalidConfiguration()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(Host_UnknownLogFormat_ExitsWithInvalidConfiguration));
        var environment = cluster.Environment(0);
        environment["ALYX_LOG_FORMAT"] = "xml";

        var host = cluster.StartHost("host-xml-logs", environment);
        var exitCode = await host.WaitForExitAsync(Step);

        Assert.Equal((int)ShardExitCode.InvalidConfiguration, exitCode);
        Assert.Contains("ALYX_LOG_FORMAT 'xml' is invalid", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_IncompatiblePlugin_ExitsBeforeConnecting()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(Host_IncompatiblePlugin_ExitsBeforeConnecting));
        var environment = cluster.Environment(0, "Alyx.Samples.Ping");
        AssemblyReferencePatcher.SetMajorVersion(
            Path.Combine(environment["ALYX_PLUGINS_PATH"], "Alyx.Samples.Ping", "Alyx.Samples.Ping.dll"), "Alyx.Abstractions", 9);

        var host = cluster.StartHost("host-old-plugin", environment);
        var exitCode = await host.WaitForExitAsync(Step);

        Assert.Equal((int)ShardExitCode.PluginLoadFailed, exitCode);
        Assert.Contains("Alyx.Abstractions 9.", host.Output, StringComparison.Ordinal);
        Assert.Contains($"this host has Alyx.Abstractions {PluginApi.Version}", host.Output, StringComparison.Ordinal);
        Assert.Empty(cluster.Emulator.GetStats().Identifies);
    }

    [Fact]
    public async Task Host_MissingToken_ExitsWithInvalidConfiguration()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(Host_MissingToken_ExitsWithInvalidConfiguration));
        var environment = cluster.Environment(0);
        environment.Remove("ALYX_TOKEN");
        environment["ALYX_DRAIN_TIMEOUT_MS"] = "-5";

        var host = cluster.StartHost("host-misconfigured", environment);
        var exitCode = await host.WaitForExitAsync(Step);

        Assert.Equal((int)ShardExitCode.InvalidConfiguration, exitCode);
        Assert.Contains("ALYX_TOKEN", host.Output, StringComparison.Ordinal);
        Assert.Contains("Shard:DrainTimeout", host.Output, StringComparison.Ordinal);
        Assert.Empty(cluster.Emulator.GetStats().Identifies);
    }

    [Fact]
    public async Task GracefulStop_WaitingSuccessor_ResumesAndLosesNoEvent()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(GracefulStop_WaitingSuccessor_ResumesAndLosesNoEvent));
        var guild = cluster.GuildOf(0);
        var first = cluster.StartHost("host-a", cluster.Environment(0, "Alyx.Samples.Ping"));
        await first.WaitForLineAsync("Plugin ping", Step);
        cluster.EmitMessage(guild, 9001, "!ping");
        await cluster.WaitForReplyAsync("message 9001", () => first.Output);
        var successor = cluster.StartHost("host-c", cluster.Environment(0, "Alyx.Samples.Ping"));
        await successor.WaitForLineAsync("Waiting for lease", Step);

        first.Signal(ShardProcess.SigTerm);
        var firstExit = await first.WaitForExitAsync(Step);
        cluster.EmitMessage(guild, 9002, "!ping");
        cluster.EmitMessage(guild, 9003, "!ping");
        await cluster.WaitForReplyAsync("message 9002", () => successor.Output);
        var stats = await cluster.WaitForReplyAsync("message 9003", () => successor.Output);

        Assert.Equal((int)ShardExitCode.Stopped, firstExit);
        Assert.Contains("Saved session", first.Output, StringComparison.Ordinal);
        Assert.Contains("handed over by the previous host", successor.Output, StringComparison.Ordinal);
        Assert.True(stats.Resumes >= 1, ShardTestCluster.Describe(stats));
        Assert.Equal(1, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.True(successor.IsRunning);
        successor.Signal(ShardProcess.SigTerm);
        Assert.Equal((int)ShardExitCode.Stopped, await successor.WaitForExitAsync(Step));
    }

    [Fact]
    public async Task PausedHost_PastLeaseDeadline_DoesNotContinueItsSession()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(PausedHost_PastLeaseDeadline_DoesNotContinueItsSession));
        var paused = cluster.StartHost("host-paused", cluster.Environment(0));
        var before = await cluster.WaitForStatsAsync(s => ShardTestCluster.LiveSessions(s, 0) == 1, "the first session", () => paused.Output);
        var pausedSession = before.Sessions.Single(s => s.Shard == 0).SessionId;

        paused.Signal(ShardProcess.SigStop);
        var replacement = cluster.StartHost("host-replacement", cluster.Environment(0));
        await cluster.WaitForStatsAsync(
            s => ShardTestCluster.AcceptedIdentifies(s, 0) == 2 && ShardTestCluster.LiveSessions(s, 0) == 1,
            "the replacement's session",
            () => replacement.Output);
        var continuedAt = DateTimeOffset.UtcNow;
        paused.Signal(ShardProcess.SigCont);
        var pausedExit = await paused.WaitForExitAsync(Step);

        var stats = cluster.Emulator.GetStats();
        Assert.True((int)ShardExitCode.LeaseLost == pausedExit, $"exit {pausedExit}: {paused.Output}");
        Assert.DoesNotContain(stats.Sessions, s => s.SessionId == pausedSession && s.Opened >= continuedAt);
        Assert.Equal(2, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.True(replacement.IsRunning);
        var failure = Assert.Single(await ReadEventsAsync(cluster), e => e.Type == OperatorEventTypes.ShardFailed);
        Assert.Equal(nameof(ShardExitCode.LeaseLost), failure.Reason);
        Assert.Equal("host-paused", failure.TaskId);
    }

    /// <summary>Reads the shard heartbeats once every shard reported Ready, or the last read after the step timeout.</summary>
    private static async Task<IReadOnlyList<HeartbeatRecord>> ReadHeartbeatsAsync(ShardTestCluster cluster)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var store = new RedisHeartbeatStore(redis, new ClusterKeys(cluster.Cluster));
        using var timeout = new CancellationTokenSource(Step);
        while (true)
        {
            var records = await store.ReadAllAsync(CancellationToken.None);
            if ((records.Count == cluster.ShardCount && records.All(r => r.Heartbeat.Phase == ShardPhase.Ready)) || timeout.IsCancellationRequested)
            {
                return records;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<OperatorEvent>> ReadEventsAsync(ShardTestCluster cluster)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var log = new RedisEventLog(redis, new ClusterKeys(cluster.Cluster), new EventLogOptions(), TimeProvider.System);
        return await log.ReadLatestAsync(100, CancellationToken.None);
    }

    [Fact]
    public async Task SamplePlugins_TwoShards_AnswerAcrossShards()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(SamplePlugins_TwoShards_AnswerAcrossShards), shardCount: 2);
        var shard0 = cluster.StartHost("host-0", cluster.Environment(0, "Alyx.Samples.Ping", "Alyx.Samples.GuildStats"));
        var shard1 = cluster.StartHost("host-1", cluster.Environment(1, "Alyx.Samples.Ping", "Alyx.Samples.GuildStats"));
        await shard0.WaitForLineAsync("Plugin guild-stats", Step);
        await shard1.WaitForLineAsync("Plugin guild-stats", Step);
        await cluster.WaitForStatsAsync(s => ShardTestCluster.LiveSessions(s, 0) == 1 && ShardTestCluster.LiveSessions(s, 1) == 1, "both sessions");
        var guildOfShard0 = cluster.GuildOf(0);
        var guildOfShard1 = cluster.GuildOf(1);
        var diagnostics = () => shard0.Output + "\n---\n" + shard1.Output;

        cluster.EmitMessage(guildOfShard1, 7001, "!ping");
        cluster.EmitMessage(guildOfShard0, 7002, "!guilds");
        cluster.EmitMessage(guildOfShard0, 7003, $"!guild {guildOfShard1}");
        await cluster.WaitForReplyAsync("pong from shard 1/2 (message 7001)", diagnostics);
        await cluster.WaitForReplyAsync("guilds across 2 of 2 shards", diagnostics);
        await cluster.WaitForReplyAsync($"guild {guildOfShard1} (Emulated guild", diagnostics);

        // The latency is known after the first heartbeat ACK, which the metric line reports.
        await shard1.WaitForLineAsync("\"GatewayLatency\"", Step);
        var ping = await PingAsync(cluster, shardId: 1);

        var replies = cluster.Emulator.GetRecordedRequests().Select(r => r.Body).ToList();
        Assert.Contains(replies, body => body.Contains("20 guilds across 2 of 2 shards", StringComparison.Ordinal));
        Assert.Contains(replies, body => body.Contains("answered by its shard", StringComparison.Ordinal));
        Assert.Equal(0, cluster.Emulator.GetStats().DuplicateSessionOverlaps.Count);
        Assert.Equal(1, ping.ShardId);
        Assert.Equal(2, ping.ShardCount);
        Assert.Equal(cluster.Emulator.GuildIds.Count(id => ShardMath.ShardIdForGuild(id, 2) == 1), ping.GuildCount);
        Assert.True(ping.LatencyMs is not null, $"{ping}: {shard1.Output}");
        var heartbeats = await ReadHeartbeatsAsync(cluster);
        Assert.Equal([0, 1], heartbeats.Select(h => h.Heartbeat.ShardId).Order());
        Assert.All(heartbeats, h => Assert.Equal(ShardPhase.Ready, h.Heartbeat.Phase));
        Assert.Contains(heartbeats, h => h.Heartbeat.TaskId == "host-1" && h.Heartbeat.GuildCount == ping.GuildCount);
        Assert.DoesNotContain(cluster.Emulator.Options.Token, shard0.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Emulator.Options.Token, shard1.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends <c>alyx.ping</c> to a shard the way <c>alyx request</c> does, from a client messenger.</summary>
    private static async Task<PingReply> PingAsync(ShardTestCluster cluster, int shardId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var keys = new ClusterKeys(cluster.Cluster);
        await using var transport = new RedisMessageTransport(redis, keys, new RedisTransportOptions(), NullLogger<RedisMessageTransport>.Instance);
        await using var client = new Messenger(
            MessengerEndpoint.ForClient("test-client"), transport, new StaticRouteTable(cluster.ShardCount), new RedisPayloadStore(redis, keys),
            new MessengerOptions(), TimeProvider.System, NullLogger<Messenger>.Instance);
        await client.StartAsync(CancellationToken.None);
        return await client.RequestAsync<PingRequest, PingReply>(MessageTarget.Shard(shardId), PingRoute.Name, new PingRequest(), Step);
    }
}

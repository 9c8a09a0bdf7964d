using System.Net;
using System.Net.Sockets;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Discord.Gateway;
using Alyx.Shard.Hosting;
using Alyx.Shard.Sessions;
using Alyx.Shard.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>Sessions one host hands to the next through Redis: stale ones, foreign ones, and what a resume lacks.</summary>
public sealed class SessionHandoverTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Step = ShardTestCluster.StepTimeout;

    [Fact]
    public async Task StaleHandover_ResumeUrlRefused_IdentifiesOnce()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(StaleHandover_ResumeUrlRefused_IdentifiesOnce));
        var origin = SessionHandover.OriginOf(cluster.Emulator.Options.Token, cluster.Emulator.GatewayUri);
        var deadSession = new GatewaySession("dead-session", 42, $"ws://127.0.0.1:{ClosedPort()}/");
        await Sessions(cluster).SaveAsync(0, 0, new SessionHandover(deadSession, origin, [1UL, 2UL]), TimeSpan.FromMinutes(1));
        var plugin = new ReadyProbe();
        using var host = BuildHost(cluster, "stale-b", plugin);

        await host.StartAsync();
        var ready = await plugin.Ready.Task.WaitAsync(Step);
        await host.StopAsync();

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(1, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.Resumes);
        Assert.NotEqual("dead-session", ready.SessionId);
    }

    [Fact]
    public async Task Handover_FromAnotherBot_IgnoredAndIdentifies()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(Handover_FromAnotherBot_IgnoredAndIdentifies));
        var first = new ReadyProbe();
        using (var firstHost = BuildHost(cluster, "origin-a", first))
        {
            await firstHost.StartAsync();
            await first.Ready.Task.WaitAsync(Step);
            await firstHost.StopAsync();
        }

        // The saved session is live and resumable. Only its origin marks it as another bot's or another gateway's.
        var key = new ClusterKeys(cluster.Cluster).For("session", "0", "0");
        Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync(key), "the first host saved no session");
        await redis.Connection.GetDatabase().HashSetAsync(key, "origin", "another-bot");
        var second = new ReadyProbe();
        using var secondHost = BuildHost(cluster, "origin-b", second);
        await secondHost.StartAsync();
        await second.Ready.Task.WaitAsync(Step);
        await secondHost.StopAsync();

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(2, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.Resumes);
    }

    [Fact]
    public async Task Handover_Resumed_ReportsSameGuildCount()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(Handover_Resumed_ReportsSameGuildCount));
        var heartbeats = new RedisHeartbeatStore(redis.Connection, new ClusterKeys(cluster.Cluster));
        var first = new ReadyProbe();
        int before;
        using (var firstHost = BuildHost(cluster, "guilds-a", first))
        {
            await firstHost.StartAsync();
            before = (await WaitForReadyHeartbeatAsync(heartbeats, "guilds-a")).GuildCount;
            await firstHost.StopAsync();
        }

        using var secondHost = BuildHost(cluster, "guilds-b", new ReadyProbe());
        await secondHost.StartAsync();
        var after = await WaitForReadyHeartbeatAsync(heartbeats, "guilds-b");
        await secondHost.StopAsync();

        var stats = cluster.Emulator.GetStats();
        Assert.Equal(1, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.True(stats.Resumes >= 1, ShardTestCluster.Describe(stats));
        Assert.True(before > 0, "the first host reported no guilds");
        Assert.Equal(before, after.GuildCount);
    }

    [Fact]
    public async Task LostPredecessor_LiveSession_DelaysIdentify()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(LostPredecessor_LiveSession_DelaysIdentify));
        var heartbeats = new RedisHeartbeatStore(redis.Connection, new ClusterKeys(cluster.Cluster));
        var silentSince = DateTimeOffset.UtcNow;

        // A predecessor that reported Ready and then vanished without a handover or a Stopping report.
        await heartbeats.ReportAsync(new ShardHeartbeat(0, 0, "lost-a", 1, ShardPhase.Ready, 20, null, null), CancellationToken.None);
        var plugin = new ReadyProbe();
        using var host = BuildHost(cluster, "successor-b", plugin);
        await host.StartAsync();
        await plugin.Ready.Task.WaitAsync(Step);
        await host.StopAsync();

        // The cluster's hosts wait 2.5 s (ALYX_SILENT_SESSION_TIMEOUT_MS) after the predecessor's last heartbeat.
        var identify = cluster.Emulator.GetStats().Identifies.Single(attempt => attempt.Accepted);
        Assert.True(identify.Time - silentSince >= TimeSpan.FromMilliseconds(2500), $"identified {identify.Time - silentSince} after the predecessor went silent");
    }

    private GatewaySessionStore Sessions(ShardTestCluster cluster) => new(redis.Connection, new ClusterKeys(cluster.Cluster));

    private static async Task<ShardHeartbeat> WaitForReadyHeartbeatAsync(RedisHeartbeatStore heartbeats, string taskId)
    {
        using var timeout = new CancellationTokenSource(Step);
        while (true)
        {
            var records = await heartbeats.ReadAllAsync(timeout.Token);
            if (records.Select(record => record.Heartbeat).FirstOrDefault(beat => beat.TaskId == taskId && beat.Phase == ShardPhase.Ready) is { } ready)
            {
                return ready;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A loopback port that refuses connections: bound once to get a free number, then closed.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static IHost BuildHost(ShardTestCluster cluster, string taskId, IAlyxPlugin plugin)
    {
        var variables = cluster.Environment(0);
        variables["ALYX_TASK_ID"] = taskId;
        var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
        builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
        return builder.Build();
    }

    private sealed class ReadyProbe : AlyxPlugin
    {
        public override string Name => "ready-probe";

        public TaskCompletionSource<ReadyEvent> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void ConfigureEvents(IPluginEvents events) =>
            events.OnReady((ready, _, _) =>
            {
                Ready.TrySetResult(ready);
                return ValueTask.CompletedTask;
            });
    }
}

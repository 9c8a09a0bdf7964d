using System.Globalization;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;

namespace Alyx.Shard.Tests.Support;

/// <summary>
/// An emulator with short intervals, a cluster name of its own in the test Redis, and the shard host processes of
/// one test, all stopped at the end.
/// </summary>
/// <remarks>
/// The emulator's heartbeat timeout (interval plus grace, 2.5 s) is shorter than the lease's time to live (5 s):
/// a paused host's session is dead at Discord before anyone can take its lease, which is what zero overlaps needs.
/// The identify gate's window (300 ms) is wider than the emulator's (100 ms), so grants spaced by the Redis
/// server's clock never arrive early by the emulator's.
/// </remarks>
public sealed class ShardTestCluster : IAsyncDisposable
{
    /// <summary>A generous bound for any single step on a loaded machine.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly List<ShardProcess> _processes = [];
    private readonly List<string> _folders = [];

    private ShardTestCluster(DiscordEmulator emulator, string cluster, int shardCount)
    {
        Emulator = emulator;
        Cluster = cluster;
        ShardCount = shardCount;
    }

    public DiscordEmulator Emulator { get; }

    public string Cluster { get; }

    public int ShardCount { get; }

    public static async Task<ShardTestCluster> StartAsync(string test, int shardCount = 1)
    {
        var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = shardCount,
            Guilds = 20,
            IdentifyWindow = TimeSpan.FromMilliseconds(100),
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
            HeartbeatGrace = TimeSpan.FromMilliseconds(1500),
            RestRateLimit = 50,
        });
        return new ShardTestCluster(emulator, RedisFixture.NewClusterName(test), shardCount);
    }

    /// <summary>The variables the orchestrator would pass, with short lease and status intervals.</summary>
    public Dictionary<string, string> Environment(int shardId, params string[] samplePlugins)
    {
        var variables = new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = Cluster,
            ["ALYX_SHARD_SET"] = "0",
            ["ALYX_SHARD_ID"] = shardId.ToString(CultureInfo.InvariantCulture),
            ["ALYX_SHARD_COUNT"] = ShardCount.ToString(CultureInfo.InvariantCulture),
            ["ALYX_TOKEN"] = Emulator.Options.Token,
            ["ALYX_DISCORD_REST_URL"] = Emulator.RestUri.ToString(),
            ["ALYX_REDIS"] = TestServices.RedisEndpoint,
            ["ALYX_INTENTS"] = "33281",
            ["ALYX_LEASE_TTL_MS"] = "5000",
            ["ALYX_LEASE_RENEW_MS"] = "1000",
            ["ALYX_LEASE_MARGIN_MS"] = "1200",
            ["ALYX_IDENTIFY_WINDOW_MS"] = "300",
            ["ALYX_SILENT_SESSION_TIMEOUT_MS"] = "2500",
            ["ALYX_STATUS_INTERVAL_MS"] = "500",
            ["ALYX_DRAIN_TIMEOUT_MS"] = "3000",
            ["ALYX_SHUTDOWN_TIMEOUT_MS"] = "10000",
            ["DOTNET_gcServer"] = "0",
        };
        if (samplePlugins.Length > 0)
        {
            var folder = RepositoryPaths.CreatePluginsFolder(samplePlugins);
            _folders.Add(folder);
            variables["ALYX_PLUGINS_PATH"] = folder;
        }

        return variables;
    }

    public ShardProcess StartHost(string taskId, IReadOnlyDictionary<string, string> environment)
    {
        var process = ShardProcess.Start(taskId, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Waits until the emulator's stats satisfy <paramref name="condition"/>, checking every 50 ms.</summary>
    public async Task<EmulatorStats> WaitForStatsAsync(Func<EmulatorStats, bool> condition, string description, Func<string>? diagnostics = null)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        while (true)
        {
            var stats = Emulator.GetStats();
            if (condition(stats))
            {
                return stats;
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {StepTimeout} waiting for {description}. Stats: {Describe(stats)}. {diagnostics?.Invoke()}");
            }
        }
    }

    /// <summary>Waits until the emulator recorded a REST request whose body contains <paramref name="text"/>.</summary>
    public Task<EmulatorStats> WaitForReplyAsync(string text, Func<string>? diagnostics = null) =>
        WaitForStatsAsync(_ => Emulator.GetRecordedRequests().Any(r => r.Body.Contains(text, StringComparison.Ordinal)), $"a reply containing '{text}'", diagnostics);

    /// <summary>The live sessions of a shard now.</summary>
    public static int LiveSessions(EmulatorStats stats, int shardId) => stats.Sessions.Count(s => s.Shard == shardId && s.Closed is null);

    public static int AcceptedIdentifies(EmulatorStats stats, int shardId) => stats.Identifies.Count(i => i.Shard == shardId && i.Accepted);

    /// <summary>A guild id of the emulated bot that belongs to <paramref name="shardId"/>.</summary>
    public ulong GuildOf(int shardId, int skip = 0) =>
        Emulator.GuildIds.Where(id => Abstractions.Sharding.ShardMath.ShardIdForGuild(id, ShardCount) == shardId).Skip(skip).First();

    /// <summary>Sends MESSAGE_CREATE with <paramref name="content"/> into a guild.</summary>
    public int EmitMessage(ulong guildId, ulong messageId, string content) =>
        Emulator.EmitDispatch(guildId, "MESSAGE_CREATE", $$"""
            {"id":"{{messageId}}","channel_id":"{{guildId + 1}}","guild_id":"{{guildId}}",
             "author":{"id":"42","username":"tester"},"content":"{{content}}"}
            """);

    public static string Describe(EmulatorStats stats) =>
        $"identifies={stats.Identifies.Count} accepted={stats.Identifies.Count(i => i.Accepted)} resumes={stats.Resumes} "
        + $"live={stats.Sessions.Count(s => s.Closed is null)} overlaps={stats.DuplicateSessionOverlaps.Count}";

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

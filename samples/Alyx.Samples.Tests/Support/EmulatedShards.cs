using System.Globalization;
using System.Text.Json;
using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Sharding;
using Alyx.Shard.Coordination;
using Alyx.Shard.Hosting;
using Alyx.Testing.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Samples.Tests.Support;

/// <summary>
/// The Discord emulator on 127.0.0.1 and one real shard host per shard inside the test process, with the plugins
/// under test registered in code. The hosts share in-memory coordination (leases, identify gate, messaging), as
/// <c>alyx dev</c> does, so no Redis is needed. Disposing stops the hosts, then the emulator.
/// </summary>
public sealed class EmulatedShards : IAsyncDisposable
{
    /// <summary>A generous bound for one step (boot, a reply) on a loaded machine.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly List<IHost> _hosts = [];

    private EmulatedShards(DiscordEmulator emulator, int shardCount)
    {
        Emulator = emulator;
        ShardCount = shardCount;
    }

    /// <summary>The emulator the hosts are connected to; tests emit events and inject faults through it.</summary>
    public DiscordEmulator Emulator { get; }

    /// <summary>The number of shards, one host each.</summary>
    public int ShardCount { get; }

    /// <summary>The messenger of shard 0, for tests that send requests as a plugin would.</summary>
    public IMessenger Messenger { get; private set; } = null!; // Set by StartAsync before the instance is returned.

    /// <summary>
    /// Starts the emulator and one host per shard, each with the plugins that <paramref name="createPlugins"/>
    /// returns (a new set per host), and waits until every host started its plugins after READY.
    /// </summary>
    public static async Task<EmulatedShards> StartAsync(int shardCount, Func<IAlyxPlugin[]> createPlugins)
    {
        ArgumentNullException.ThrowIfNull(createPlugins);
        var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = shardCount,
            Guilds = 20,

            // Shortened from Discord's 5 s window and 41.25 s heartbeat, so a test boots in about a second.
            IdentifyWindow = TimeSpan.FromMilliseconds(100),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            RestRateLimit = 100,
        });
        var shards = new EmulatedShards(emulator, shardCount);

        // The gate's window is wider than the emulator's, so no identify reaches the emulator early.
        var coordination = new InMemoryShardCoordinationProvider(TimeSpan.FromMilliseconds(300), TimeProvider.System, NullLoggerFactory.Instance);
        var probes = new List<ReadinessProbe>();
        for (var shardId = 0; shardId < shardCount; shardId++)
        {
            var variables = Variables(emulator, shardId, shardCount);
            var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IShardCoordinationProvider>(coordination);
            foreach (var plugin in createPlugins())
            {
                builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
            }

            var probe = new ReadinessProbe();
            builder.Services.AddAlyxPlugin(probe, builder.Configuration);
            probes.Add(probe);
            var host = builder.Build();
            shards._hosts.Add(host);
            await host.StartAsync();
        }

        var contexts = await Task.WhenAll(probes.Select(probe => probe.Started.Task)).WaitAsync(StepTimeout);
        shards.Messenger = contexts[0].Messenger;
        return shards;
    }

    /// <summary>Returns a guild id of the emulated bot that shard <paramref name="shardId"/> owns.</summary>
    public ulong GuildOf(int shardId, int skip = 0) =>
        Emulator.GuildIds.Where(id => ShardMath.ShardIdForGuild(id, ShardCount) == shardId).Skip(skip).First();

    /// <summary>Sends MESSAGE_CREATE into a guild's channel and returns the number of sessions that received it.</summary>
    public int EmitMessage(ulong guildId, ulong channelId, ulong messageId, string content, bool authorIsBot = false) =>
        Emulator.EmitDispatch(guildId, "MESSAGE_CREATE", MessageJson(guildId, channelId, messageId, content, authorIsBot));

    /// <summary>Returns the JSON of a MESSAGE_CREATE event with the fields that the host reads.</summary>
    public static string MessageJson(ulong guildId, ulong channelId, ulong messageId, string content, bool authorIsBot = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = messageId.ToString(CultureInfo.InvariantCulture),
            ["channel_id"] = channelId.ToString(CultureInfo.InvariantCulture),
            ["guild_id"] = guildId.ToString(CultureInfo.InvariantCulture),
            ["author"] = new Dictionary<string, object> { ["id"] = "42", ["username"] = "tester", ["bot"] = authorIsBot },
            ["content"] = content,
        });

    /// <summary>
    /// Waits until a plugin posted a message whose content contains <paramref name="text"/>, and returns it.
    /// </summary>
    /// <exception cref="TimeoutException">No such message arrived within <see cref="StepTimeout"/>. The exception message lists what was posted.</exception>
    public async Task<PostedMessage> WaitForMessageAsync(string text)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        while (true)
        {
            var match = PostedMessages().FirstOrDefault(message => message.Content.Contains(text, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            try
            {
                // The emulator records requests without a notification, so this checks its record every 50 ms.
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var posted = string.Join(" | ", PostedMessages().Select(message => message.Content));
                throw new TimeoutException($"No message containing '{text}' within {StepTimeout}. Posted: [{posted}]");
            }
        }
    }

    /// <summary>Returns every message the plugins posted through <c>POST /channels/{id}/messages</c>.</summary>
    public IReadOnlyList<PostedMessage> PostedMessages() =>
        [.. Emulator.GetRecordedRequests()
            .Where(request => request.Method == "POST" && request.Path.EndsWith("/messages", StringComparison.Ordinal))
            .Select(request => new PostedMessage(request.Path, JsonDocument.Parse(request.Body).RootElement.GetProperty("content").GetString() ?? ""))];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var timeout = new CancellationTokenSource(StepTimeout);
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }

        await Emulator.DisposeAsync();
    }

    private static Dictionary<string, string> Variables(DiscordEmulator emulator, int shardId, int shardCount) => new()
    {
        ["ALYX_CLUSTER"] = "samples",
        ["ALYX_SHARD_SET"] = "1",
        ["ALYX_SHARD_ID"] = shardId.ToString(CultureInfo.InvariantCulture),
        ["ALYX_SHARD_COUNT"] = shardCount.ToString(CultureInfo.InvariantCulture),
        ["ALYX_TASK_ID"] = $"samples-test-{shardId}",
        ["ALYX_TOKEN"] = emulator.Options.Token,
        ["ALYX_DISCORD_REST_URL"] = emulator.RestUri.ToString(),

        // GUILDS (1), GUILD_MESSAGES (512) and MESSAGE_CONTENT (32768), so message text arrives.
        ["ALYX_INTENTS"] = "33281",
        ["ALYX_LEASE_TTL_MS"] = "5000",
        ["ALYX_LEASE_RENEW_MS"] = "1000",
        ["ALYX_LEASE_MARGIN_MS"] = "1200",
        ["ALYX_STATUS_INTERVAL_MS"] = "500",
        ["ALYX_DRAIN_TIMEOUT_MS"] = "2000",
        ["ALYX_SHUTDOWN_TIMEOUT_MS"] = "10000",
        ["ALYX_METRICS"] = "false",
    };

    /// <summary>A plugin registered after the ones under test; its start means the host started its plugins.</summary>
    private sealed class ReadinessProbe : AlyxPlugin
    {
        public override string Name => "test-readiness-probe";

        public TaskCompletionSource<IPluginContext> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult(context);
            return Task.CompletedTask;
        }
    }
}

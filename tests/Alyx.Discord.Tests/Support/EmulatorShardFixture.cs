using Alyx.Discord.Gateway;
using Alyx.Testing.Emulator;

namespace Alyx.Discord.Tests.Support;

/// <summary>One emulator with short windows and intervals, one shard connected to it, and an observer on the shard.</summary>
public sealed class EmulatorShardFixture : IAsyncDisposable
{
    private EmulatorShardFixture(DiscordEmulator emulator, GatewayShard shard, ShardObserver observer, CountingIdentifyGate gate)
    {
        Emulator = emulator;
        Shard = shard;
        Observer = observer;
        Gate = gate;
    }

    public DiscordEmulator Emulator { get; }

    public GatewayShard Shard { get; }

    public ShardObserver Observer { get; }

    public CountingIdentifyGate Gate { get; }

    public static DiscordEmulatorOptions FastEmulatorOptions() => new()
    {
        Shards = 2,
        MaxConcurrency = 1,
        Guilds = 20,
        IdentifyWindow = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
        HeartbeatGrace = TimeSpan.FromMilliseconds(2000),
    };

    public static GatewayShardOptions FastShardOptions(DiscordEmulator emulator, bool compression) => new()
    {
        Token = emulator.Options.Token,
        ShardId = 0,
        ShardCount = emulator.Options.Shards,
        GatewayUrl = emulator.GatewayUri,
        Compression = compression,
        InvalidSessionDelayMin = TimeSpan.FromMilliseconds(10),
        InvalidSessionDelayMax = TimeSpan.FromMilliseconds(50),
        ReconnectBackoffBase = TimeSpan.FromMilliseconds(50),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(500),
        HelloTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<EmulatorShardFixture> StartAsync(
        bool compression = true, Action<DiscordEmulatorOptions>? configureEmulator = null, Action<GatewayShardOptions>? configureShard = null)
    {
        var emulatorOptions = FastEmulatorOptions();
        configureEmulator?.Invoke(emulatorOptions);
        var emulator = await DiscordEmulator.StartAsync(emulatorOptions);
        var shardOptions = FastShardOptions(emulator, compression);
        configureShard?.Invoke(shardOptions);
        // The gate's window is longer than the emulator's because the emulator measures from when an IDENTIFY
        // arrives, and on a loaded machine a grant's IDENTIFY can arrive late enough to shrink the gap it sees.
        var gate = new CountingIdentifyGate(emulatorOptions.MaxConcurrency, emulatorOptions.IdentifyWindow + TimeSpan.FromMilliseconds(700));
        var shard = new GatewayShard(shardOptions, gate);
        var observer = new ShardObserver(shard);
        await shard.StartAsync(CancellationToken.None);
        return new EmulatorShardFixture(emulator, shard, observer, gate);
    }

    public Task WaitForReadyCountAsync(int readyTransitions) =>
        Observer.WaitUntilAsync(() => Observer.CountState(ShardState.Ready) >= readyTransitions, $"{readyTransitions} transitions to Ready");

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Shard.StopAsync(ShardStopMode.EndSession, timeout.Token);
        }

        await Shard.DisposeAsync();
        await Emulator.DisposeAsync();
        Observer.Dispose();
        Gate.Dispose();
    }
}

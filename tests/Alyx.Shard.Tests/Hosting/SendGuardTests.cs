using Alyx.Discord.Gateway;
using Alyx.Testing.Emulator;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>The gateway hook the host fences its session with: a refused guard stops the shard without sending.</summary>
public sealed class SendGuardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task DroppedConnection_ResumesOnlyWhileGuardAllows(bool allowedAfterDrop, int expectedResumes)
    {
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            IdentifyWindow = TimeSpan.FromMilliseconds(50),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            HeartbeatGrace = TimeSpan.FromSeconds(2),
        });
        var allowed = true;
        using var gate = new LocalIdentifyGate(1, TimeSpan.FromMilliseconds(50));
        await using var shard = new GatewayShard(
            new GatewayShardOptions
            {
                Token = emulator.Options.Token,
                GatewayUrl = emulator.GatewayUri,
                ReconnectBackoffBase = TimeSpan.FromMilliseconds(20),
                SendGuard = () => Volatile.Read(ref allowed),
            },
            gate);
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        shard.StateChanged += (_, change) =>
        {
            if (change.Previous == ShardState.Resuming && change.Current == ShardState.Ready)
            {
                resumed.TrySetResult();
            }
        };
        await shard.StartAsync(CancellationToken.None);
        await shard.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(Timeout);

        Volatile.Write(ref allowed, allowedAfterDrop);
        emulator.DropConnection(0);
        if (allowedAfterDrop)
        {
            await resumed.Task.WaitAsync(Timeout);
        }
        else
        {
            await shard.Completion.WaitAsync(Timeout);
        }

        var stats = emulator.GetStats();
        Assert.Equal(expectedResumes, stats.Resumes);
        Assert.Equal(allowedAfterDrop ? ShardState.Ready : ShardState.Disconnected, shard.State);
        Assert.Single(stats.Identifies);
    }
}

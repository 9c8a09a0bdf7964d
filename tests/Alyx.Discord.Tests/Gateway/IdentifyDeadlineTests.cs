using Alyx.Abstractions.Sharding;
using Alyx.Discord.Gateway;
using Alyx.Discord.Tests.Support;
using Alyx.Testing.Emulator;

namespace Alyx.Discord.Tests.Gateway;

/// <summary>The gateway sends IDENTIFY only inside its grant's send deadline.</summary>
public sealed class IdentifyDeadlineTests
{
    [Fact]
    public async Task ExpiredGrant_NotUsed_IdentifiesOnNextGrant()
    {
        await using var emulator = await DiscordEmulator.StartAsync(EmulatorShardFixture.FastEmulatorOptions());
        var gate = new ExpiringFirstGate();
        await using var shard = new GatewayShard(EmulatorShardFixture.FastShardOptions(emulator, compression: false), gate);

        await shard.StartAsync(CancellationToken.None);
        await shard.WaitUntilReadyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await shard.StopAsync(ShardStopMode.EndSession, CancellationToken.None);

        var stats = emulator.GetStats();
        Assert.Equal(2, gate.Grants);
        Assert.Single(stats.Identifies);
        Assert.True(stats.Identifies[0].Accepted, stats.Identifies[0].Reason);
    }

    /// <summary>Hands out a grant whose deadline has passed already, then grants without a deadline.</summary>
    private sealed class ExpiringFirstGate : IIdentifyGate
    {
        private int _grants;

        public int Grants => Volatile.Read(ref _grants);

        public ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken)
        {
            var first = Interlocked.Increment(ref _grants) == 1;
            var now = DateTimeOffset.UtcNow;
            return ValueTask.FromResult(new IdentifyGrant(shardId, 0, now, TimeSpan.Zero) { SendBy = first ? now - TimeSpan.FromSeconds(1) : null });
        }
    }
}

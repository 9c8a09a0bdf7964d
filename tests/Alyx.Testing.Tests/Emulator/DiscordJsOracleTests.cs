using Alyx.Testing.Emulator;
using Alyx.Testing.Tests.Support;

namespace Alyx.Testing.Tests.Emulator;

/// <summary>
/// @discordjs/ws 2.0.4, a real Discord gateway client, against the emulator: it proves that the emulator speaks the
/// protocol as Discord does and enforces the identify limit the way that client expects.
/// </summary>
public sealed class DiscordJsOracleTests
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DiscordJs_PacedBoot_HasNoViolations()
    {
        // The library waits at least 5 s per bucket by its own clock. The emulator's window is 1 s shorter, because it
        // times each IDENTIFY when it arrives, and on a loaded machine one may arrive late enough to shrink the gap.
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 4,
            MaxConcurrency = 2,
            Guilds = 40,
            IdentifyWindow = TimeSpan.FromMilliseconds(4000),
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
        });

        var result = await NodeOracle.RunAsync("discordjs-boot.mjs", ["paced"], Environment(emulator), NodeTimeout);

        var stats = emulator.GetStats();
        Assert.True(result.ExitCode == 0, $"node exited with {result.ExitCode}: {result.Output} {result.Error}");
        Assert.Equal(0, stats.IdentifyViolations);
        Assert.Equal(4, stats.Identifies.Count(i => i.Accepted));
        Assert.Equal([0, 1, 2, 3], stats.Identifies.Where(i => i.Accepted).Select(i => i.Shard).Order());
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
        Assert.Equal(996, stats.SessionStartRemaining);
    }

    [Fact]
    public async Task DiscordJs_UnpacedIdentifies_AreRejectedAsViolations()
    {
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 2,
            MaxConcurrency = 1,
            Guilds = 10,
            IdentifyWindow = TimeSpan.FromSeconds(5),
            HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
        });

        var result = await NodeOracle.RunAsync("discordjs-boot.mjs", ["fast"], Environment(emulator), NodeTimeout);

        var stats = emulator.GetStats();
        Assert.True(result.ExitCode == 0, $"node exited with {result.ExitCode}: {result.Output} {result.Error}");
        Assert.True(stats.IdentifyViolations >= 1, $"expected a violation, stats: {stats.IdentifyViolations}");
        Assert.Contains(stats.Identifies, i => !i.Accepted && i.Reason!.StartsWith("identify rate limit", StringComparison.Ordinal));
        Assert.Equal(1, stats.Identifies.Count(i => i.Accepted));
    }

    private static Dictionary<string, string> Environment(DiscordEmulator emulator) => new()
    {
        ["ALYX_EMULATOR_API"] = emulator.ApiUri.ToString(),
        ["ALYX_EMULATOR_TOKEN"] = emulator.Options.Token,
        ["ALYX_ORACLE_TIMEOUT_MS"] = "60000",
    };
}

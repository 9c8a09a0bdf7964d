using Alyx.Cli.Common;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Spec;
using Alyx.Testing.Emulator;

namespace Alyx.Cli.Dev;

/// <summary>Checks the options of <c>alyx dev</c> before anything starts.</summary>
public static class DevSettingsValidation
{
    /// <summary>Returns the shard count and launcher that <paramref name="settings"/> ask for.</summary>
    /// <exception cref="CliException">An option is invalid; the message names it and the accepted values.</exception>
    public static (ShardCountSpec Count, LauncherKind Launcher) Validate(DevSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ShardCountSpec count;
        try
        {
            count = ShardCountSpec.Parse(settings.Shards);
        }
        catch (FormatException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "--shards: " + exception.Message, exception);
        }

        // The emulator keeps state per shard, bucket and guild, so its limits bound what alyx dev can emulate.
        Require(
            count.FixedCount is not > DiscordEmulatorOptions.MaxShards,
            $"--shards {settings.Shards} is invalid here: the emulator runs at most {DiscordEmulatorOptions.MaxShards} shards.");
        Require(
            settings.MaxConcurrency is >= 1 and <= DiscordEmulatorOptions.MaxMaxConcurrency,
            $"--max-concurrency {settings.MaxConcurrency} is invalid: use a whole number from 1 to {DiscordEmulatorOptions.MaxMaxConcurrency}.");
        Require(
            settings.Guilds is >= 1 and <= DiscordEmulatorOptions.MaxGuilds,
            $"--guilds {settings.Guilds} is invalid: use a whole number from 1 to {DiscordEmulatorOptions.MaxGuilds}.");
        Require(settings.IdentifyWindowMs >= 1, $"--identify-window-ms {settings.IdentifyWindowMs} is invalid: use a whole number of milliseconds from 1.");
        Require(settings.EmulatorPort is >= 0 and <= 65535, $"--emulator-port {settings.EmulatorPort} is invalid: use 0 for a free port or a port from 1 to 65535.");
        Require(settings.DurationSeconds >= 0, $"--duration {settings.DurationSeconds} is invalid: use seconds from 0 (0 runs until Ctrl+C).");
        var launcher = settings.Launcher == "process" ? LauncherKind.Process : LauncherKind.InProcess;
        return (count, launcher);
    }

    private static void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw new CliException(ExitCodes.InvalidInput, message);
        }
    }
}

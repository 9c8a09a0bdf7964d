using System.Globalization;
using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Launchers;

/// <summary>Describes how a shard host's process ended, for event messages and logs.</summary>
public static class ShardExitText
{
    // POSIX signal numbers on Linux; a process killed by signal N reports exit code 128 + N.
    private static readonly Dictionary<int, string> Signals = new()
    {
        [1] = "SIGHUP",
        [2] = "SIGINT",
        [3] = "SIGQUIT",
        [6] = "SIGABRT",
        [9] = "SIGKILL",
        [11] = "SIGSEGV",
        [13] = "SIGPIPE",
        [15] = "SIGTERM",
    };

    // The meanings of the shard host's own codes, as docs/shard-exit-codes.md lists them.
    private static readonly Dictionary<ShardExitCode, string> Meanings = new()
    {
        [ShardExitCode.Stopped] = "stopped on SIGTERM and saved its session",
        [ShardExitCode.UnexpectedError] = "an unhandled error, logged with its exception",
        [ShardExitCode.InvalidConfiguration] = "an ALYX_* variable or Shard:* setting is missing or invalid",
        [ShardExitCode.LeaseHeld] = "another task holds the shard's lease",
        [ShardExitCode.LeaseLost] = "the shard's lease could not be renewed",
        [ShardExitCode.CoordinationUnavailable] = "Redis was unreachable at start",
        [ShardExitCode.PluginLoadFailed] = "a plugin could not be loaded",
        [ShardExitCode.AuthenticationFailed] = "close code 4004 or HTTP 401: the bot token is invalid",
        [ShardExitCode.InvalidShard] = "close code 4010: invalid shard id or count",
        [ShardExitCode.ShardingRequired] = "close code 4011: the shard would hold too many guilds",
        [ShardExitCode.InvalidApiVersion] = "close code 4012: invalid API version",
        [ShardExitCode.InvalidIntents] = "close code 4013: invalid intents",
        [ShardExitCode.DisallowedIntents] = "close code 4014: a privileged intent is not enabled",
        [ShardExitCode.SessionStartBudgetExhausted] = "the daily session start budget is at its reserve",
    };

    /// <summary>
    /// Returns the exit as a phrase to follow "Task", such as <c>exited with code 137 (SIGKILL)</c> or
    /// <c>exited with code 4 (LeaseLost: the shard's lease could not be renewed)</c>. A negative code means the exit
    /// code is unknown, as for a process that an earlier orchestrator started.
    /// </summary>
    public static string Describe(int rawExitCode)
    {
        if (rawExitCode < 0)
        {
            return "ended with an unknown exit code";
        }

        var code = rawExitCode.ToString(CultureInfo.InvariantCulture);
        if (rawExitCode > 128 && Signals.TryGetValue(rawExitCode - 128, out var signal))
        {
            return $"exited with code {code} ({signal})";
        }

        return Enum.IsDefined(typeof(ShardExitCode), rawExitCode) && Meanings.TryGetValue((ShardExitCode)rawExitCode, out var meaning)
            ? $"exited with code {code} ({(ShardExitCode)rawExitCode}: {meaning})"
            : $"exited with code {code}";
    }

    /// <summary>Returns <paramref name="text"/> ending with one full stop, so a host's error line that ends with its own does not get a second.</summary>
    public static string Sentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimEnd();
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }
}

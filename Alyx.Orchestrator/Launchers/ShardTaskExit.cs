using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Launchers;

/// <summary>A task that ended.</summary>
/// <param name="Task">The task.</param>
/// <param name="ExitCode">The shard host's exit code; <see cref="ShardExitCode.UnexpectedError"/> for an unknown code or a kill signal.</param>
/// <param name="RawExitCode">The process exit code as the operating system reported it (137 after SIGKILL).</param>
/// <param name="Reason">The launcher's explanation, such as the host's last error line; event messages put <see cref="ShardExitText.Describe"/> of <paramref name="RawExitCode"/> before it.</param>
/// <param name="Requested">True when the orchestrator asked the task to stop.</param>
public sealed record ShardTaskExit(ShardTask Task, ShardExitCode ExitCode, int RawExitCode, string Reason, bool Requested);

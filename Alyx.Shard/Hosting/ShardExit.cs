namespace Alyx.Shard.Hosting;

/// <summary>How the host ended, set once by <see cref="ShardHostService"/>; <c>Program</c> returns it as the exit code.</summary>
public sealed class ShardExit
{
    private readonly TaskCompletionSource<(ShardExitCode Code, string Reason)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the exit code and reason when the host decided to end.</summary>
    public Task<(ShardExitCode Code, string Reason)> Result => _result.Task;

    /// <summary>The exit code, or <see cref="ShardExitCode.Stopped"/> while the host runs.</summary>
    public ShardExitCode Code => _result.Task.IsCompletedSuccessfully ? _result.Task.Result.Code : ShardExitCode.Stopped;

    internal void Set(ShardExitCode code, string reason) => _result.TrySetResult((code, reason));
}

namespace Alyx.Shard.Hosting;

/// <summary>Ends the host with an exit code and a reason the orchestrator can act on.</summary>
public sealed class ShardExitException(ShardExitCode code, string reason, Exception? innerException = null)
    : Exception(reason, innerException)
{
    /// <summary>The exit code.</summary>
    public ShardExitCode Code { get; } = code;
}

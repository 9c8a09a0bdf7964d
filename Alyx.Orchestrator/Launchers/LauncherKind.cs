namespace Alyx.Orchestrator.Launchers;

/// <summary>Where shard hosts run on one machine.</summary>
public enum LauncherKind
{
    /// <summary>Inside the orchestrator's process (<see cref="InProcessShardLauncher"/>).</summary>
    InProcess,

    /// <summary>One child process per shard (<see cref="LocalProcessShardLauncher"/>).</summary>
    Process,
}

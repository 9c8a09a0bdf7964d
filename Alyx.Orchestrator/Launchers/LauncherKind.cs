namespace Alyx.Orchestrator.Launchers;

/// <summary>Where shard hosts run.</summary>
public enum LauncherKind
{
    /// <summary>Inside the orchestrator's process (<see cref="InProcessShardLauncher"/>).</summary>
    InProcess,

    /// <summary>One child process per shard (<see cref="LocalProcessShardLauncher"/>).</summary>
    Process,

    /// <summary>One Amazon ECS task per shard (<see cref="Ecs.EcsShardLauncher"/>).</summary>
    Ecs,
}

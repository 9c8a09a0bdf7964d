using Alyx.Coordination.State;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>What the leader remembers about one shard of the active set between passes.</summary>
internal sealed class ShardMemory(OrchestratorOptions options)
{
    public RestartBackoff Backoff { get; } = new(options);

    public ShardPhase Phase { get; set; } = ShardPhase.Pending;

    /// <summary>The operator's fix after a fatal exit; no relaunch until the spec generation passes <see cref="FatalGeneration"/>.</summary>
    public string? Fatal { get; set; }

    public long FatalGeneration { get; set; }

    /// <summary>The Degraded reason of <see cref="Fatal"/>: FatalCloseCode, or LaunchRejected when the launcher refused the task.</summary>
    public string FatalReason { get; set; } = "FatalCloseCode";

    public int? LastCloseCode { get; set; }

    /// <summary>The one-line error of the last failed launch, or null once a task of the shard started.</summary>
    public string? LastLaunchError { get; set; }

    /// <summary>The task last seen Ready, so ShardReady is logged once per task.</summary>
    public string? ReadyTaskId { get; set; }
}

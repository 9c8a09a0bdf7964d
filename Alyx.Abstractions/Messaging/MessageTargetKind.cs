namespace Alyx.Abstractions.Messaging;

/// <summary>The kind of receiver a cross-shard message is addressed to.</summary>
public enum MessageTargetKind
{
    /// <summary>One shard, by shard ID.</summary>
    Shard,

    /// <summary>The shard that owns a guild in the active shard set.</summary>
    Guild,

    /// <summary>Every shard of the active shard set.</summary>
    All,

    /// <summary>The orchestrator.</summary>
    Orchestrator,
}

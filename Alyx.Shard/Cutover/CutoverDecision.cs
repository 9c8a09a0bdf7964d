namespace Alyx.Shard.Cutover;

/// <summary>What a shard host does with one event under the cutover rule.</summary>
public enum CutoverDecision
{
    /// <summary>This host's set handles the event: hand it to the plugins.</summary>
    Handle,

    /// <summary>Another set handles the event, or none receives it any more: skip it.</summary>
    Drop,

    /// <summary>Not decidable yet, because a switch may still fall before the event: keep it until the next read.</summary>
    Hold,
}

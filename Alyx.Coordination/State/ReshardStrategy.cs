namespace Alyx.Coordination.State;

/// <summary>How the orchestrator moves from one shard count to another.</summary>
public enum ReshardStrategy
{
    /// <summary>Stop the old shard set, then start the new one: a short outage, one identify per shard.</summary>
    Rolling,

    /// <summary>Start the new set on standby, switch once every shard is Ready, then stop the old set: no gap in events.</summary>
    BlueGreen,
}

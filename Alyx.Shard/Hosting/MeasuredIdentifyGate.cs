using Alyx.Abstractions.Sharding;
using Alyx.Shard.Metrics;

namespace Alyx.Shard.Hosting;

/// <summary>Records how long the shard waited at the identify gate, for the IdentifyWait metric.</summary>
internal sealed class MeasuredIdentifyGate(IIdentifyGate inner, ShardMetrics metrics) : IIdentifyGate
{
    public async ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var grant = await inner.WaitForTurnAsync(shardId, cancellationToken);
        metrics.IdentifyWaited(grant.Waited);
        return grant;
    }
}

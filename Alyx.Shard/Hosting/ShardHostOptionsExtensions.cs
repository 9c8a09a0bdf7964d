using Alyx.Coordination.Leases;

namespace Alyx.Shard.Hosting;

/// <summary>Translations of <see cref="ShardHostOptions"/> into the options of the layers below.</summary>
internal static class ShardHostOptionsExtensions
{
    public static LeaseOptions ToLeaseOptions(this ShardHostOptions options) => new()
    {
        TimeToLive = options.LeaseTimeToLive,
        RenewInterval = options.LeaseRenewInterval,
        SafetyMargin = options.LeaseSafetyMargin,
        MaxAcquireRetryDelay = options.LeaseRenewInterval,
    };
}

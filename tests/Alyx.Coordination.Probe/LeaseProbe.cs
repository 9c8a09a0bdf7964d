using System.Globalization;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Probe;

/// <summary>
/// Acquires one lease, keeps it with a normal <see cref="LeaseHandle"/>, reports every renew it sends and its result,
/// and exits once its lease handle reports the loss.
/// </summary>
internal static class LeaseProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (endpoint, cluster, lease) = (args[0], args[1], args[2]);
        var options = new LeaseOptions
        {
            TimeToLive = Milliseconds(args[3]),
            RenewInterval = Milliseconds(args[4]),
            SafetyMargin = Milliseconds(args[5]),
        };
        await using var connection = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = endpoint, Cluster = cluster }, CancellationToken.None);
        var store = new ReportingStore(new RedisLeaseStore(connection, new ClusterKeys(cluster), TimeSpan.Zero));
        var manager = new LeaseManager(store, options, TimeProvider.System);
        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var handle = await manager.AcquireAsync(lease, $"probe-{Environment.ProcessId}", give.Token);
        ProbeOutput.Write($"acquired {handle.FencingToken}");
        var lost = new TaskCompletionSource();
        handle.Lost.Register(() =>
        {
            ProbeOutput.Write($"lost {handle.LossReason}");
            lost.TrySetResult();
        });
        await lost.Task.WaitAsync(give.Token);
        await handle.DisposeAsync();
        return 0;
    }

    private static TimeSpan Milliseconds(string value) => TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));

    private sealed class ReportingStore(ILeaseStore inner) : ILeaseStore
    {
        public Task<LeaseAcquireResult> TryAcquireAsync(string name, string holderId, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            inner.TryAcquireAsync(name, holderId, timeToLive, cancellationToken);

        public async Task<bool> RenewAsync(string name, string holderId, long fencingToken, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ProbeOutput.Write("renew-sent");
            var renewed = await inner.RenewAsync(name, holderId, fencingToken, timeToLive, cancellationToken);
            ProbeOutput.Write($"renew-result {renewed}");
            return renewed;
        }

        public Task<bool> ReleaseAsync(string name, string holderId, long fencingToken, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(name, holderId, fencingToken, cancellationToken);

        public Task<IReadOnlyList<LeaseRecord>> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);
    }
}

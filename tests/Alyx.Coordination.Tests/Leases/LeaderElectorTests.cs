using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Leases;

public sealed class LeaderElectorTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly LeaseOptions Options = new()
    {
        TimeToLive = TimeSpan.FromMilliseconds(900),
        RenewInterval = TimeSpan.FromMilliseconds(250),
        SafetyMargin = TimeSpan.FromMilliseconds(200),
        MaxAcquireRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Run_LeaderStops_StandbyTakesOver()
    {
        var store = new RedisLeaseStore(redis.Connection, new ClusterKeys(RedisFixture.NewClusterName("leader")), TimeSpan.Zero);
        var manager = new LeaseManager(store, Options, TimeProvider.System);
        var leading = 0;
        var overlaps = 0;
        var terms = new List<(string Candidate, long Token)>();
        var firstElected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondElected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        using var stopAll = new CancellationTokenSource(Signals.Timeout);
        Func<LeaseHandle, CancellationToken, Task> Lead(string candidate) => async (handle, term) =>
        {
            if (Interlocked.Increment(ref leading) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            lock (terms)
            {
                terms.Add((candidate, handle.FencingToken));
                if (terms.Count == 2)
                {
                    secondElected.TrySetResult();
                }
            }

            firstElected.TrySetResult(candidate);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, term);
            }
            finally
            {
                Interlocked.Decrement(ref leading);
            }
        };

        using var linkedA = CancellationTokenSource.CreateLinkedTokenSource(stopA.Token, stopAll.Token);
        using var linkedB = CancellationTokenSource.CreateLinkedTokenSource(stopB.Token, stopAll.Token);
        var runA = new LeaderElector(manager, "orchestrator-a", TimeProvider.System).RunAsync(Lead("orchestrator-a"), linkedA.Token);
        var runB = new LeaderElector(manager, "orchestrator-b", TimeProvider.System).RunAsync(Lead("orchestrator-b"), linkedB.Token);
        var first = await firstElected.Task.WaitAsync(Signals.Timeout);
        await (first == "orchestrator-a" ? stopA : stopB).CancelAsync();
        await secondElected.Task.WaitAsync(Signals.Timeout);
        await stopAll.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(Signals.Timeout);

        Assert.Equal(0, overlaps);
        Assert.Equal(first, terms[0].Candidate);
        Assert.NotEqual(first, terms[1].Candidate);
        Assert.True(terms[1].Token > terms[0].Token);
    }
}

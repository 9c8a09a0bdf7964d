using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Tests.Support;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Leases;

/// <summary>Leases on real Redis under contention, a paused holder process, and a Redis restart.</summary>
public sealed class RedisLeaseFaultTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly LeaseOptions FastLeases = new()
    {
        TimeToLive = TimeSpan.FromMilliseconds(1000),
        RenewInterval = TimeSpan.FromMilliseconds(300),
        SafetyMargin = TimeSpan.FromMilliseconds(250),
        MaxAcquireRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    // A time to live long enough that a holder from before the restart is still inside its deadline when the
    // contenders have reconnected.
    private static readonly LeaseOptions SlowLeases = new()
    {
        TimeToLive = TimeSpan.FromMilliseconds(2000),
        RenewInterval = TimeSpan.FromMilliseconds(600),
        SafetyMargin = TimeSpan.FromMilliseconds(300),
        MaxAcquireRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task ManyContenders_OneHolderAtATime()
    {
        var keys = new ClusterKeys(RedisFixture.NewClusterName("contend"));
        var manager = new LeaseManager(new RedisLeaseStore(redis.Connection, keys, TimeSpan.Zero), FastLeases, TimeProvider.System);
        // The run ends once the lease has been taken 8 times by at least 2 holders, not after a fixed time, so a loaded
        // machine only makes it slower. 45 s bounds a run where the lease never changes hands.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var holders = new ConcurrentDictionary<string, bool>();
        var acquisitions = 0;
        var stopping = 0;
        void OnAcquired(string holder)
        {
            holders[holder] = true;
            // The stop comes a little later, so the holder that just acquired records its tenure too.
            if (Interlocked.Increment(ref acquisitions) >= 8 && holders.Count >= 2 && Interlocked.Exchange(ref stopping, 1) == 0)
            {
                stop.CancelAfter(TimeSpan.FromMilliseconds(500));
            }
        }

        var contenders = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => LeaseTenure.ContendAsync(
                manager, "shard:0:0", $"task-{i}", TimeSpan.FromMilliseconds(400), () => OnAcquired($"task-{i}"), stop.Token)))
            .ToArray();
        var tenures = (await Task.WhenAll(contenders).WaitAsync(TimeSpan.FromSeconds(90))).SelectMany(list => list).ToArray();

        Assert.True(tenures.Length >= 4, $"only {tenures.Length} tenures");
        Assert.True(tenures.Select(tenure => tenure.HolderId).Distinct().Count() >= 2, "the lease never changed hands in 45 s");
        LeaseTenure.AssertOneHolderAtATime(tenures);
    }

    [Fact]
    public async Task PausedHolder_PastTtl_LosesBeforeRenewing()
    {
        var cluster = RedisFixture.NewClusterName("paused");
        var keys = new ClusterKeys(cluster);
        await using var child = ProbeProcess.Start("lease", redis.Configuration, cluster, "shard:0:0", "1000", "300", "250");
        var acquired = await child.WaitForLineAsync(line => line.Text.StartsWith("acquired ", StringComparison.Ordinal), Signals.Timeout);
        await child.WaitForLineAsync(line => line.Text == "renew-result True", Signals.Timeout);
        var childToken = long.Parse(acquired.Text["acquired ".Length..], CultureInfo.InvariantCulture);
        var manager = new LeaseManager(new RedisLeaseStore(redis.Connection, keys, TimeSpan.Zero), FastLeases, TimeProvider.System);

        await child.PauseAsync();
        using var acquireTimeout = new CancellationTokenSource(Signals.Timeout);
        await using var successor = await manager.AcquireAsync("shard:0:0", "successor", acquireTimeout.Token);
        var resumedAt = Stopwatch.GetTimestamp();
        await child.ResumeAsync();
        var lost = await child.WaitForLineAsync(line => line.Text.StartsWith("lost ", StringComparison.Ordinal), Signals.Timeout);
        var exitCode = await child.WaitForExitAsync(Signals.Timeout);

        Assert.True(successor.FencingToken > childToken);
        Assert.Equal($"lost {LeaseLossReason.DeadlinePassed}", lost.Text);
        var sentAfterResume = child.Seen.TakeWhile(line => line != lost).Where(line => line.Timestamp >= resumedAt);
        Assert.DoesNotContain(sentAfterResume, line => line.Text == "renew-sent");
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RedisRestartedMidRun_NoTwoHolders()
    {
        await using var server = await PrivateRedisServer.StartAsync();
        var keys = new ClusterKeys(RedisFixture.NewClusterName("restart"));
        var connections = new List<ConnectionMultiplexer>();
        var managers = new List<LeaseManager>();
        for (var i = 0; i < 4; i++)
        {
            // One connection per contender, as separate processes would have. They notice the restart and reconnect
            // within about 100 ms, so a contender could acquire while the holder from before the restart still runs.
            var configuration = RedisConnectionFactory.CreateConfiguration(new RedisCoordinationOptions
            {
                Endpoints = server.Endpoint,
                CommandTimeout = TimeSpan.FromMilliseconds(200),
                ConnectTimeout = TimeSpan.FromMilliseconds(500),
            });
            configuration.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
            configuration.ReconnectRetryPolicy = new LinearRetry(20);
            var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            connections.Add(connection);
            var store = new RedisLeaseStore(connection, keys, SlowLeases.TimeToLive);
            managers.Add(new LeaseManager(store, SlowLeases, TimeProvider.System));
        }

        try
        {
            using var stop = new CancellationTokenSource();
            var restarted = 0;
            var acquiredAfterRestart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var acquisitions = 0;
            var enoughBefore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnAcquired()
            {
                if (Volatile.Read(ref restarted) == 1)
                {
                    acquiredAfterRestart.TrySetResult();
                }
                else if (Interlocked.Increment(ref acquisitions) >= 3)
                {
                    enoughBefore.TrySetResult();
                }
            }

            var contenders = managers
                .Select((manager, i) => Task.Run(() => LeaseTenure.ContendAsync(manager, "shard:0:0", $"task-{i}", TimeSpan.FromMilliseconds(1500), OnAcquired, stop.Token)))
                .ToArray();
            await enoughBefore.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await server.RestartAsync();
            Volatile.Write(ref restarted, 1);
            await acquiredAfterRestart.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Keep contending for longer than a time to live, so a holder from before the restart gets every chance
            // to overlap with the new one.
            stop.CancelAfter(SlowLeases.TimeToLive * 1.5);
            var tenures = (await Task.WhenAll(contenders).WaitAsync(Signals.Timeout)).SelectMany(list => list).ToArray();

            LeaseTenure.AssertOneHolderAtATime(tenures);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}

using System.Globalization;
using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Tests.Support;
using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Identify;

/// <summary>One identify gate in Redis shared by several real processes, as shard tasks share it in production.</summary>
public sealed class RedisIdentifyGateProcessTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int Processes = 4;
    private const int ShardCount = 12;
    private const int MaxConcurrency = 3;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(300);

    // Half of the margin is how late a waiter may send after its slot. A child process's first round trips to Redis
    // are slow on a loaded machine (cold code paths), and a first reservation that misses its deadline moves its
    // bucket back by one spacing, which the first-window check below would report.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Boot_TwelveShardsFourProcesses_KeepsLimits()
    {
        var cluster = RedisFixture.NewClusterName("boot");
        var gate = new RedisIdentifyGate(redis.Connection, new ClusterKeys(cluster), new IdentifyGateOptions { Window = Window, Margin = Margin }, TimeProvider.System);
        await gate.SetBudgetAsync(new SessionStartBudget(1000, 1000, DateTimeOffset.UtcNow.AddHours(1), MaxConcurrency), CancellationToken.None);
        var children = new List<ProbeProcess>();
        try
        {
            for (var p = 0; p < Processes; p++)
            {
                // Process p runs shards p, p+4, p+8, which fall into three different buckets.
                var shards = string.Join(',', Enumerable.Range(0, ShardCount).Where(shard => shard % Processes == p));
                children.Add(ProbeProcess.Start("gate", redis.Configuration, cluster, ((int)Window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), shards, ((int)Margin.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            }

            foreach (var child in children)
            {
                await child.WaitForLineAsync(line => line.Text == "ready", Signals.Timeout);
            }

            foreach (var child in children)
            {
                await child.Input.WriteLineAsync("go");
                await child.Input.FlushAsync();
            }

            foreach (var child in children)
            {
                await child.WaitForLineAsync(line => line.Text == "done", Signals.Timeout);
            }

            var grants = children.SelectMany(child => child.Seen).Where(line => line.Text.StartsWith("grant ", StringComparison.Ordinal)).Select(Parse).ToArray();
            var budget = await gate.GetBudgetAsync(CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, ShardCount), grants.Select(grant => grant.ShardId).Order());
            Assert.Equal(1000 - ShardCount, budget?.Remaining);
            foreach (var bucket in grants.GroupBy(grant => grant.Bucket))
            {
                var times = bucket.Select(grant => grant.GrantedAt).Order().ToArray();
                for (var i = 1; i < times.Length; i++)
                {
                    Assert.True(times[i] - times[i - 1] >= Window.TotalMilliseconds,
                        $"bucket {bucket.Key}: grants {times[i - 1]} and {times[i]} are closer than the {Window.TotalMilliseconds} ms window");
                }
            }

            // Slots are on the Redis clock and each process sleeps on its own timer. On one machine both read the same
            // system clock, so a process must never return before its slot. The 2 ms cover millisecond rounding.
            Assert.All(grants, grant => Assert.True(grant.ReturnedAt >= grant.GrantedAt - 2, $"shard {grant.ShardId} returned {grant.GrantedAt - grant.ReturnedAt} ms before its slot"));

            // Buckets run in parallel: every bucket gets its first grant in the first window.
            var first = grants.Min(grant => grant.GrantedAt);
            Assert.All(grants.GroupBy(grant => grant.Bucket), bucket => Assert.True(bucket.Min(grant => grant.GrantedAt) - first < Window.TotalMilliseconds));

            // Booting N shards at concurrency C takes ceil(N / C) windows: the last grant opens the last window.
            var windows = ShardMath.IdentifyWindowsToBoot(ShardCount, MaxConcurrency);
            var span = grants.Max(grant => grant.GrantedAt) - first;
            var spacing = (Window + Margin).TotalMilliseconds;
            Assert.InRange(span, (windows - 1) * spacing, ((windows - 1) * spacing) + 2000);
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }

    private static Grant Parse(ProbeLine line)
    {
        var parts = line.Text.Split(' ');
        return new Grant(
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    /// <summary>One grant as a probe printed it; times in Unix milliseconds.</summary>
    private sealed record Grant(int ShardId, int Bucket, long GrantedAt, long ReturnedAt);
}

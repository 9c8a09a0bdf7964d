using System.CommandLine;
using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;

namespace Alyx.Cli.Tests.Shards;

public sealed class ShardsScaleHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private ShardsScaleHandler Handler(TextWriter? output = null) => new(output ?? _output, _error);

    private ScaleRequest Request(string cluster, string? count, bool auto = false, bool wait = false, string? address = null, bool create = false) =>
        new(cluster, address ?? redis.Configuration, count, auto, "rolling", wait, wait ? TimeSpan.FromSeconds(30) : null, create);

    [Theory]
    [InlineData("-1")]
    [InlineData("twelve")]
    [InlineData("100001")]
    public async Task Scale_InvalidCount_FailsWithOneLine(string count)
    {
        var exitCode = await Handler().RunAsync(Request(RedisFixture.NewClusterName("scale"), count), CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"'{count}'", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_CountAndAuto_FailsWithInvalidInput()
    {
        var exitCode = await Handler().RunAsync(Request(RedisFixture.NewClusterName("scale"), "4", auto: true), CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("exactly one of --count N and --auto", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_UnreachableRedis_FailsWithRedisUnavailable()
    {
        var exitCode = await Handler().RunAsync(Request("default", "4", address: "redis://127.0.0.1:1"), CancellationToken.None);

        Assert.Equal(ExitCodes.RedisUnavailable, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Scale_LeaseExpiresDuringWait_FailsWithNoOrchestrator()
    {
        // An orchestrator killed with SIGKILL leaves a lease that nobody renews, like this one.
        var cluster = RedisFixture.NewClusterName("scale-killed");
        var leases = new RedisLeaseStore(redis.Connection, new ClusterKeys(cluster), TimeSpan.Zero);
        var lease = await leases.TryAcquireAsync(LeaseNames.Leader, "killed-orchestrator", TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.True(lease.Acquired, "the test could not take the leader lease");
        var request = Request(cluster, "2", wait: true, create: true) with { Timeout = TimeSpan.FromSeconds(120) };

        var exitCode = await Handler().RunAsync(request, CancellationToken.None);

        Assert.Equal(ExitCodes.NoOrchestrator, exitCode);
        Assert.Contains($"No orchestrator holds the leader lease of cluster '{cluster}'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_WaitWithoutOrchestrator_FailsWithNoOrchestrator()
    {
        var exitCode = await Handler().RunAsync(Request(RedisFixture.NewClusterName("scale"), "4", wait: true, create: true), CancellationToken.None);

        Assert.Equal(ExitCodes.NoOrchestrator, exitCode);
        Assert.Contains("leader lease", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_WhileResharding_FailsWithConflict()
    {
        var cluster = RedisFixture.NewClusterName("scale");
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        var generation = await store.WriteSpecAsync(new ClusterSpec(8, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var resharding = new ClusterCondition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding", "Stopping 4 tasks.", generation, DateTimeOffset.UtcNow);
        await store.WriteStatusAsync(new ClusterStatus(generation, 1, 4, [], [resharding], DateTimeOffset.UtcNow), 1, CancellationToken.None);

        var exitCode = await Handler().RunAsync(Request(cluster, "12"), CancellationToken.None);

        Assert.Equal(ExitCodes.Conflict, exitCode);
        Assert.Equal(8, (await store.ReadSpecAsync(CancellationToken.None))!.ShardCount);
    }

    [Fact]
    public async Task Scale_ValidCount_WritesSpecGeneration()
    {
        var cluster = RedisFixture.NewClusterName("scale");

        var exitCode = await Handler().RunAsync(Request(cluster, "0", create: true), CancellationToken.None);

        var spec = await new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster)).ReadSpecAsync(CancellationToken.None);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(0, spec!.ShardCount);
        Assert.Equal(1, spec.Generation);
    }

    [Fact]
    public async Task Scale_UnknownCluster_FailsWithoutWrite()
    {
        var cluster = RedisFixture.NewClusterName("typo");

        var exitCode = await Handler().RunAsync(Request(cluster, "4"), CancellationToken.None);

        var spec = await new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster)).ReadSpecAsync(CancellationToken.None);
        var lines = _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Null(spec);
        Assert.Single(lines);
        Assert.Contains($"'{cluster}'", lines[0], StringComparison.Ordinal);
        Assert.Contains("--create", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_ExistingClusterWithoutCreate_WritesNextGeneration()
    {
        var cluster = RedisFixture.NewClusterName("scale");
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        await store.WriteSpecAsync(new ClusterSpec(2, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);

        var exitCode = await Handler().RunAsync(Request(cluster, "3"), CancellationToken.None);

        var spec = await store.ReadSpecAsync(CancellationToken.None);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(3, spec!.ShardCount);
        Assert.Equal(2, spec.Generation);
    }

    [Fact]
    public async Task Scale_TimeoutWithoutWait_FailsWithInvalidInput()
    {
        var cluster = RedisFixture.NewClusterName("scale");
        var error = new StringWriter();

        var exitCode = await AlyxRootCommand.InvokeAsync(
            ["shards", "scale", "--cluster", cluster, "--redis", redis.Configuration, "--count", "2", "--create", "--timeout", "10"],
            new InvocationConfiguration { Output = new StringWriter(), Error = error });

        var spec = await new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster)).ReadSpecAsync(CancellationToken.None);
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("--timeout 10 applies only with --wait", error.ToString(), StringComparison.Ordinal);
        Assert.Null(spec);
    }

    [Fact]
    public async Task Scale_AutoWaitDuringBlueGreen_WaitsForNewCount()
    {
        var cluster = RedisFixture.NewClusterName("scale");
        var keys = new ClusterKeys(cluster);
        var store = new RedisClusterStateStore(redis.Connection, keys);
        await store.WriteSpecAsync(new ClusterSpec(4, null, ReshardStrategy.BlueGreen, null), null, CancellationToken.None);
        var leases = new RedisLeaseStore(redis.Connection, keys, TimeSpan.Zero);
        Assert.True((await leases.TryAcquireAsync(LeaseNames.Leader, "test-orchestrator", TimeSpan.FromMinutes(2), CancellationToken.None)).Acquired);
        var output = new LineSignalWriter();
        var written = output.WaitForLine("written as generation");
        var oldSetShown = output.WaitForLine("starting");
        var request = new ScaleRequest(cluster, redis.Configuration, null, true, "blue-green", true, TimeSpan.FromSeconds(60));

        var run = Handler(output).RunAsync(request, CancellationToken.None);
        await written.WaitAsync(TimeSpan.FromSeconds(30));
        var generation = (await store.ReadSpecAsync(CancellationToken.None))!.Generation;
        var now = DateTimeOffset.UtcNow;

        // The old set of 4 stays Available while the new set of 3 starts, as the orchestrator reports a blue-green reshard.
        var pending = new PendingShardSet(2, 3, generation, Shards(3, ShardPhase.Connecting), now, now.AddMinutes(5));
        await store.WriteStatusAsync(
            new ClusterStatus(generation, 1, 4, Shards(4, ShardPhase.Ready), Conditions(generation, "Resharding", now), now, pending), 1, CancellationToken.None);
        await oldSetShown.WaitAsync(TimeSpan.FromSeconds(30));
        await store.WriteStatusAsync(
            new ClusterStatus(generation, 2, 3, Shards(3, ShardPhase.Ready), Conditions(generation, "Converged", now), now), 1, CancellationToken.None);
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.DoesNotContain("converged: 4", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("converged: 3 shards Ready", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scale_WaitFatalCloseCode_FailsWithDegradedMessage()
    {
        var cluster = RedisFixture.NewClusterName("scale");
        var keys = new ClusterKeys(cluster);
        var store = new RedisClusterStateStore(redis.Connection, keys);
        await store.WriteSpecAsync(new ClusterSpec(1, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var leases = new RedisLeaseStore(redis.Connection, keys, TimeSpan.Zero);
        Assert.True((await leases.TryAcquireAsync(LeaseNames.Leader, "test-orchestrator", TimeSpan.FromMinutes(2), CancellationToken.None)).Acquired);
        var output = new LineSignalWriter();
        var written = output.WaitForLine("written as generation");

        var run = Handler(output).RunAsync(Request(cluster, "2", wait: true), CancellationToken.None);
        await written.WaitAsync(TimeSpan.FromSeconds(30));
        var generation = (await store.ReadSpecAsync(CancellationToken.None))!.Generation;
        var now = DateTimeOffset.UtcNow;
        ClusterCondition[] conditions =
        [
            new(ClusterConditionTypes.Progressing, ConditionStatus.False, "FatalCloseCode", "1 of 2 shards exited with a fatal close code.", generation, now),
            new(ClusterConditionTypes.Degraded, ConditionStatus.True, "FatalCloseCode", "Shard 1: Close code 4014.", generation, now),
        ];
        await store.WriteStatusAsync(
            new ClusterStatus(generation, 1, 2, [new ShardStatus(0, ShardPhase.Ready), new ShardStatus(1, ShardPhase.Failed)], conditions, now), 1, CancellationToken.None);
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Shard 1: Close code 4014.", _error.ToString(), StringComparison.Ordinal);
    }

    private static ShardStatus[] Shards(int count, ShardPhase phase) =>
        [.. Enumerable.Range(0, count).Select(shardId => new ShardStatus(shardId, phase, $"task-{shardId}"))];

    private static ClusterCondition[] Conditions(long generation, string progressingReason, DateTimeOffset now) =>
    [
        new(ClusterConditionTypes.Available, ConditionStatus.True, "AllShardsReady", "Every shard is Ready.", generation, now),
        new(ClusterConditionTypes.Progressing, progressingReason == "Converged" ? ConditionStatus.False : ConditionStatus.True, progressingReason, progressingReason, generation, now),
    ];

    // Completes a task when a written line contains a text, so the test acts only after the handler printed it.
    private sealed class LineSignalWriter : StringWriter
    {
        private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

        public Task WaitForLine(string text)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                _waits.Add((text, seen));
            }

            return seen.Task;
        }

        public override Task WriteLineAsync(string? value)
        {
            var written = base.WriteLineAsync(value);
            lock (_waits)
            {
                foreach (var (text, seen) in _waits.Where(wait => value?.Contains(wait.Text, StringComparison.Ordinal) == true))
                {
                    seen.TrySetResult();
                }
            }

            return written;
        }
    }
}

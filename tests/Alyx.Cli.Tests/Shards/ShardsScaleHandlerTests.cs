using System.CommandLine;
using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;

namespace Alyx.Cli.Tests.Shards;

public sealed class ShardsScaleHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private ShardsScaleHandler Handler() => new(_output, _error);

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
}

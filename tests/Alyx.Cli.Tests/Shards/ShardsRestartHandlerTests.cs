using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Reconcile;
using Alyx.TestSupport;

namespace Alyx.Cli.Tests.Shards;

public sealed class ShardsRestartHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private async Task<string> ClusterWithShardsAsync(int count)
    {
        var cluster = RedisFixture.NewClusterName("restart");
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        var generation = await store.WriteSpecAsync(new ClusterSpec(count, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        await store.WriteStatusAsync(new ClusterStatus(generation, 1, count, [], [], DateTimeOffset.UtcNow), 1, CancellationToken.None);
        return cluster;
    }

    [Theory]
    [InlineData("2")]
    [InlineData("99")]
    public async Task Restart_UnknownShard_FailsWithNotFound(string shard)
    {
        var cluster = await ClusterWithShardsAsync(2);

        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync(cluster, redis.Configuration, shard, CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains("shards 0 to 1", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_NonNumericId_FailsWithInvalidInput()
    {
        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync("default", redis.Configuration, "first", CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Restart_WithoutRedis_ExplainsInMemoryDev()
    {
        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync("default", null, "1", CancellationToken.None);

        var lines = _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(lines);
        Assert.Contains("alyx dev --redis HOST:PORT", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ClusterWithoutStatus_ExplainsInMemoryDev()
    {
        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync(RedisFixture.NewClusterName("restart"), redis.Configuration, "0", CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains("alyx dev --redis HOST:PORT", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_NoOrchestrator_FailsWithoutQueuing()
    {
        var cluster = await ClusterWithShardsAsync(2);

        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync(cluster, redis.Configuration, "1", CancellationToken.None);

        var requests = await new RestartRequests(redis.Connection, new ClusterKeys(cluster)).TakeAllAsync();
        Assert.Equal(ExitCodes.NoOrchestrator, exitCode);
        Assert.Empty(requests);
        Assert.Contains("alyx orchestrator run", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KnownShard_QueuesRequestForLeader()
    {
        var cluster = await ClusterWithShardsAsync(2);
        await HoldLeaderLeaseAsync(cluster);

        var exitCode = await new ShardsRestartHandler(_output, _error).RunAsync(cluster, redis.Configuration, "1", CancellationToken.None);

        var requests = await new RestartRequests(redis.Connection, new ClusterKeys(cluster)).TakeAllAsync();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal([1], requests);
    }

    private async Task HoldLeaderLeaseAsync(string cluster)
    {
        var leases = new RedisLeaseStore(redis.Connection, new ClusterKeys(cluster), TimeSpan.Zero);
        var result = await leases.TryAcquireAsync(LeaseNames.Leader, "test-orchestrator", TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(result.Acquired, "the test could not take the leader lease");
    }
}

using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Cli.Shards;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.TestSupport;

namespace Alyx.Cli.Tests.Shards;

public sealed class ShardsStatusHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Status_UnknownCluster_FailsWithNotFound()
    {
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(RedisFixture.NewClusterName("status"), redis.Configuration, json: false, null, CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Status_Json_HasDocumentedFields()
    {
        var cluster = RedisFixture.NewClusterName("status");
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        var generation = await store.WriteSpecAsync(new ClusterSpec(1, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var shard = new ShardStatus(0, ShardPhase.Ready, "task-0", 7, DateTimeOffset.UtcNow, 25, TimeSpan.FromMilliseconds(42), 1, 4000);
        await store.WriteStatusAsync(new ClusterStatus(generation, 1, 1, [shard], [], DateTimeOffset.UtcNow), 1, CancellationToken.None);
        var records = new TaskRecordDirectory(OrchestratorHost.TaskRecordsPath(redis.Connection, cluster));
        records.Write(new ShardTask("task-0", 1, 0, 1, DateTimeOffset.UtcNow, 4242));
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: true, null, CancellationToken.None);

        var json = JsonNode.Parse(_output.ToString())!.AsObject();
        var row = json["shards"]![0]!.AsObject();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(cluster, (string?)json["cluster"]);
        Assert.Equal(generation, (long?)json["observedGeneration"]);
        Assert.Equal(1, (int?)json["desiredShards"]);
        Assert.Equal("Ready", (string?)row["phase"]);
        Assert.Equal(42, (double?)row["latencyMs"]);
        Assert.Equal(7, (long?)row["fence"]);
        Assert.Equal(4000, (int?)row["lastCloseCode"]);
        Assert.Equal(4242, (int?)row["pid"]);
        records.Delete("task-0");
    }

    [Fact]
    public async Task Status_BlueGreenReshard_ShowsBothSets()
    {
        var cluster = RedisFixture.NewClusterName("status");
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        var generation = await store.WriteSpecAsync(new ClusterSpec(3, null, ReshardStrategy.BlueGreen, null), null, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var pending = new PendingShardSet(2, 3, generation, [new ShardStatus(0, ShardPhase.Ready, "c-2-0-0"), new ShardStatus(1, ShardPhase.Identifying), new ShardStatus(2, ShardPhase.Launching)], now, now.AddMinutes(10));
        var status = new ClusterStatus(generation, 1, 2, [new ShardStatus(0, ShardPhase.Ready), new ShardStatus(1, ShardPhase.Ready)], [], now, pending);
        await store.WriteStatusAsync(status, 1, CancellationToken.None);
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: true, null, CancellationToken.None);

        var json = JsonNode.Parse(_output.ToString())!.AsObject();
        var pendingJson = json["pendingShardSet"]!.AsObject();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(2, json["shards"]!.AsArray().Count);
        Assert.Equal(1, (long?)json["activeShardSet"]);
        Assert.Equal(2, (long?)pendingJson["epoch"]);
        Assert.False((bool?)pendingJson["rolledBack"]);
        Assert.Equal(["Ready", "Identifying", "Launching"], pendingJson["shards"]!.AsArray().Select(shard => (string?)shard!["phase"]));
        Assert.Null(json["retiringShardSet"]);
    }

    [Fact]
    public async Task Status_NoLeader_WarnsAboveTable()
    {
        var cluster = RedisFixture.NewClusterName("status");
        await WriteReadyStatusAsync(cluster, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(120));
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: false, null, CancellationToken.None);

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("warning: status is 12", lines[0], StringComparison.Ordinal);
        Assert.Contains($"no orchestrator is acting on cluster {cluster}", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"cluster {cluster}", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_JsonWithoutLeader_MarksStaleWithAge()
    {
        var cluster = RedisFixture.NewClusterName("status");
        await WriteReadyStatusAsync(cluster, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(120));
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: true, null, CancellationToken.None);

        var json = JsonNode.Parse(_output.ToString())!.AsObject();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.True((bool?)json["stale"]);
        Assert.InRange((double?)json["statusAgeSeconds"] ?? 0, 119, 600);
        Assert.False((bool?)json["leaderLeaseHeld"]);
    }

    [Fact]
    public async Task Status_FreshWithLeader_IsNotStale()
    {
        var cluster = RedisFixture.NewClusterName("status");
        await WriteReadyStatusAsync(cluster, DateTimeOffset.UtcNow);
        await HoldLeaderLeaseAsync(cluster);
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: true, null, CancellationToken.None);

        var json = JsonNode.Parse(_output.ToString())!.AsObject();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.False((bool?)json["stale"]);
        Assert.True((bool?)json["leaderLeaseHeld"]);
    }

    [Fact]
    public async Task Status_OldWithLeader_WarnsLeaderSilent()
    {
        var cluster = RedisFixture.NewClusterName("status");
        await WriteReadyStatusAsync(cluster, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(45));
        await HoldLeaderLeaseAsync(cluster);
        var handler = new ShardsStatusHandler(_output, _error, TimeProvider.System);

        var exitCode = await handler.RunAsync(cluster, redis.Configuration, json: false, TimeSpan.FromSeconds(10), CancellationToken.None);

        var firstLine = _output.ToString().Split('\n')[0];
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("warning: status is 4", firstLine, StringComparison.Ordinal);
        Assert.Contains("has not written it for over 10 s", firstLine, StringComparison.Ordinal);
    }

    private async Task WriteReadyStatusAsync(string cluster, DateTimeOffset updatedAt)
    {
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        var generation = await store.WriteSpecAsync(new ClusterSpec(1, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var shard = new ShardStatus(0, ShardPhase.Ready, "task-0", 7, updatedAt, 25, TimeSpan.FromMilliseconds(42), 0, null);
        var available = new ClusterCondition(ClusterConditionTypes.Available, ConditionStatus.True, "AllShardsReady", "1/1 shards are Ready.", generation, updatedAt);
        await store.WriteStatusAsync(new ClusterStatus(generation, 1, 1, [shard], [available], updatedAt), 1, CancellationToken.None);
    }

    private async Task HoldLeaderLeaseAsync(string cluster)
    {
        var leases = new RedisLeaseStore(redis.Connection, new ClusterKeys(cluster), TimeSpan.Zero);
        var result = await leases.TryAcquireAsync(LeaseNames.Leader, "test-orchestrator", TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(result.Acquired, "the test could not take the leader lease");
    }
}

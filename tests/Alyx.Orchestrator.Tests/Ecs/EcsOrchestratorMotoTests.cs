using System.Globalization;
using Alyx.Aws.Ecs;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Reconcile;
using Alyx.Orchestrator.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>
/// The orchestrator with the ECS launcher against moto_server and real Redis. moto runs no container, so no shard host
/// ever sends a heartbeat: the start grace period is set far beyond each test's length, or the reconciler would
/// replace every task as one that never started.
/// </summary>
public sealed class EcsOrchestratorMotoTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Scale_ZeroSixTenFour_TasksMatchShards()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Scale_ZeroSixTenFour_TasksMatchShards), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(0);
        var orchestrator = StartOrchestrator(cluster, ecs, new EcsClient(MotoEcsCluster.Options));
        var observed = new List<(int Count, IReadOnlyList<EcsTask> Tasks)>();

        foreach (var count in new[] { 0, 6, 10, 4 })
        {
            await cluster.ScaleAsync(count);
            var status = await cluster.WaitForStatusAsync(s => s.ShardCount == count && s.Shards.All(shard => shard.TaskId is not null), Timeout);
            var tasks = await WaitForLiveTasksAsync(orchestrator, ecs, live => live.Count == count && live.All(task => Tag(task, EcsTaskIdentity.ShardSetTag) == $"{status.ActiveShardSetEpoch}"));
            observed.Add((count, tasks));
        }

        foreach (var (count, tasks) in observed)
        {
            Assert.Equal(count, tasks.Count);
            Assert.Equal(Enumerable.Range(0, count), tasks.Select(task => int.Parse(Tag(task, EcsTaskIdentity.ShardTag)!, CultureInfo.InvariantCulture)).Order());
            foreach (var task in tasks)
            {
                AssertTaskMatchesTags(task, cluster.Cluster, count);
            }
        }
    }

    [Fact]
    public async Task StoppedBehindBack_Task_IsReplaced()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(StoppedBehindBack_Task_IsReplaced), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(3);
        var orchestrator = StartOrchestrator(cluster, ecs, new EcsClient(MotoEcsCluster.Options));
        var before = await WaitForLiveTasksAsync(orchestrator, ecs, live => live.Count == 3);
        var victim = before.Single(task => Tag(task, EcsTaskIdentity.ShardTag) == "1");

        await ecs.Client.StopTaskAsync(ecs.Name, victim.TaskArn, "stopped by the test behind the orchestrator's back");
        var after = await WaitForLiveTasksAsync(orchestrator, ecs, live => live.Count == 3 && live.All(task => task.TaskArn != victim.TaskArn));

        var replacement = after.Single(task => Tag(task, EcsTaskIdentity.ShardTag) == "1");
        Assert.NotEqual(Tag(victim, EcsTaskIdentity.TaskIdTag), Tag(replacement, EcsTaskIdentity.TaskIdTag));
        Assert.Equal($"{cluster.Cluster}-{Tag(victim, EcsTaskIdentity.ShardSetTag)}-1-1", Tag(replacement, EcsTaskIdentity.TaskIdTag));
        Assert.Equal(before.Where(task => task != victim).Select(task => task.TaskArn).Order(), after.Where(task => task != replacement).Select(task => task.TaskArn).Order());
        AssertTaskMatchesTags(replacement, cluster.Cluster, 3);
        Assert.Equal(4, (await ecs.AllTasksAsync()).Count);
    }

    [Fact]
    public async Task Restart_AfterRunTask_AdoptsTaskByTags()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(Restart_AfterRunTask_AdoptsTaskByTags), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(4);
        using var killer = new KillAfterFirstRunTask(new EcsClient(MotoEcsCluster.Options));
        var first = StartOrchestrator(cluster, ecs, killer, maxConcurrentActions: 1);
        killer.Orchestrator = first;

        var launched = await killer.FirstRunTask.Task.WaitAsync(Timeout);
        await cluster.StopOrchestratorAsync(first, stopTasks: true);
        var afterKill = await ecs.AllTasksAsync();
        var second = StartOrchestrator(cluster, ecs, new EcsClient(MotoEcsCluster.Options));
        var live = await WaitForLiveTasksAsync(second, ecs, tasks => tasks.Count == 4);
        var all = await ecs.AllTasksAsync();

        Assert.Equal(launched.TaskArn, Assert.Single(afterKill).TaskArn);
        Assert.Contains(live, task => task.TaskArn == launched.TaskArn);
        Assert.Equal(4, all.Count);
        Assert.Equal(4, live.Select(task => Tag(task, EcsTaskIdentity.ShardTag)).Distinct().Count());
    }

    [Fact]
    public async Task StartGrace_NoHeartbeat_ReplacesTask()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var cluster = await OrchestratorCluster.StartAsync(redis.Connection, nameof(StartGrace_NoHeartbeat_ReplacesTask), LauncherKind.Ecs, 1, 1);
        await cluster.ScaleAsync(1);

        // A short grace, so the task that never heartbeats (moto runs no container) is replaced within the test.
        var orchestrator = StartOrchestrator(cluster, ecs, new EcsClient(MotoEcsCluster.Options), startGracePeriod: TimeSpan.FromSeconds(2));
        var first = Assert.Single(await WaitForLiveTasksAsync(orchestrator, ecs, live => live.Count == 1));
        var second = Assert.Single(await WaitForLiveTasksAsync(orchestrator, ecs, live => live.Count == 1 && live[0].TaskArn != first.TaskArn));
        var stopped = (await ecs.AllTasksAsync()).Single(task => task.TaskArn == first.TaskArn);

        Assert.Equal("STOPPED", stopped.LastStatus);
        Assert.Equal("no heartbeat within the start grace period", stopped.StoppedReason);
        Assert.Equal($"{cluster.Cluster}-1-0-1", Tag(second, EcsTaskIdentity.TaskIdTag));
    }

    private static OrchestratorHost StartOrchestrator(
        OrchestratorCluster cluster, MotoEcsCluster ecs, IEcsClient client, int maxConcurrentActions = 8, TimeSpan? startGracePeriod = null)
    {
        var launcher = new EcsShardLauncher(client, ecs.LauncherOptions(), cluster.Cluster, TimeProvider.System, NullLogger<EcsShardLauncher>.Instance, ownsClient: true);
        var options = cluster.Options();
        options.StartGracePeriod = startGracePeriod ?? TimeSpan.FromMinutes(30);
        options.MaxConcurrentActions = maxConcurrentActions;
        return cluster.StartOrchestrator($"orchestrator-{Guid.NewGuid():N}", launcher, launcher, options);
    }

    /// <summary>Reads moto after every reconcile pass until <paramref name="condition"/> holds for the live tasks.</summary>
    private static async Task<IReadOnlyList<EcsTask>> WaitForLiveTasksAsync(OrchestratorHost orchestrator, MotoEcsCluster ecs, Func<IReadOnlyList<EcsTask>, bool> condition)
    {
        using var passes = new SemaphoreSlim(0);
        void OnPass(object? sender, ReconcileResult result) => passes.Release();
        orchestrator.Runner.PassCompleted += OnPass;
        using var deadline = new CancellationTokenSource(Timeout);
        IReadOnlyList<EcsTask> live = [];
        try
        {
            while (true)
            {
                live = await ecs.LiveTasksAsync();
                if (condition(live))
                {
                    return live;
                }

                await passes.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"moto's tasks did not reach the expected state within {Timeout}. Live tasks: "
                + string.Join("; ", live.Select(task => $"{Tag(task, EcsTaskIdentity.TaskIdTag)} {task.LastStatus}")));
        }
        finally
        {
            orchestrator.Runner.PassCompleted -= OnPass;
        }
    }

    private static void AssertTaskMatchesTags(EcsTask task, string cluster, int count)
    {
        var environment = Assert.Single(task.Overrides!.ContainerOverrides).Environment!.ToDictionary(pair => pair.Name, pair => pair.Value);
        Assert.Equal(cluster, Tag(task, EcsTaskIdentity.ClusterTag));
        Assert.Equal(EcsTaskIdentity.StartedBy(cluster), task.StartedBy);
        Assert.Equal("FARGATE", task.LaunchType);
        Assert.Equal(cluster, environment["ALYX_CLUSTER"]);
        Assert.Equal(Tag(task, EcsTaskIdentity.ShardSetTag), environment["ALYX_SHARD_SET"]);
        Assert.Equal(Tag(task, EcsTaskIdentity.ShardTag), environment["ALYX_SHARD_ID"]);
        Assert.Equal($"{count}", environment["ALYX_SHARD_COUNT"]);
        Assert.Equal(Tag(task, EcsTaskIdentity.TaskIdTag), environment["ALYX_TASK_ID"]);
        Assert.Equal(5, environment.Count);
    }

    private static string? Tag(EcsTask task, string key) => task.Tags.FirstOrDefault(tag => tag.Key == key)?.Value;

    /// <summary>
    /// Passes calls to moto and stops the orchestrator as soon as its first RunTask returned, before the pass can
    /// record anything: an orchestrator killed right after a RunTask.
    /// </summary>
    private sealed class KillAfterFirstRunTask(EcsClient inner) : IEcsClient, IDisposable
    {
        public OrchestratorHost? Orchestrator { get; set; }

        public TaskCompletionSource<EcsTask> FirstRunTask { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<EcsTaskBatchResult> RunTaskAsync(EcsRunTaskRequest request, CancellationToken cancellationToken = default)
        {
            if (FirstRunTask.Task.IsCompleted)
            {
                // The orchestrator is dead; whatever it still tries never reaches ECS.
                throw new OperationCanceledException("the orchestrator was killed");
            }

            var result = await inner.RunTaskAsync(request, cancellationToken);
            FirstRunTask.TrySetResult(result.Tasks[0]);
            throw new OperationCanceledException("the orchestrator was killed right after RunTask");
        }

        public Task<EcsTaskBatchResult> DescribeTasksAsync(string? cluster, IReadOnlyList<string> tasks, bool includeTags = true, CancellationToken cancellationToken = default) =>
            inner.DescribeTasksAsync(cluster, tasks, includeTags, cancellationToken);

        public Task<EcsListTasksPage> ListTasksAsync(EcsListTasksRequest request, CancellationToken cancellationToken = default) =>
            inner.ListTasksAsync(request, cancellationToken);

        public IAsyncEnumerable<string> ListAllTaskArnsAsync(EcsListTasksRequest request, CancellationToken cancellationToken = default) =>
            inner.ListAllTaskArnsAsync(request, cancellationToken);

        public Task<EcsTask> StopTaskAsync(string? cluster, string task, string? reason, CancellationToken cancellationToken = default) =>
            inner.StopTaskAsync(cluster, task, reason, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}

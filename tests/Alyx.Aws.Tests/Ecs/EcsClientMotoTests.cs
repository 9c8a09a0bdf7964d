using Alyx.Aws.Ecs;
using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.Ecs;

public sealed class EcsClientMotoTests : IAsyncLifetime, IDisposable
{
    private const string Container = "shard";
    private readonly EcsClient _ecs = new(MotoAws.Options);
    private readonly string _cluster = MotoAws.UniqueName("cluster");
    private readonly string _family = MotoAws.UniqueName("shard");

    public async Task InitializeAsync()
    {
        await MotoEcs.UseManualTaskTransitionsAsync();
        await MotoEcs.CreateClusterAsync(_cluster);
        await MotoEcs.RegisterTaskDefinitionAsync(_family, Container);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _ecs.Dispose();

    [Fact]
    public async Task RunTask_Fargate_StartsTaggedTasks()
    {
        var startedBy = MotoAws.UniqueName("orch");

        var result = await _ecs.RunTaskAsync(FargateRequest(startedBy, count: 3));
        var described = await _ecs.DescribeTasksAsync(_cluster, result.Tasks.Select(t => t.TaskArn).ToList());

        Assert.Equal(3, result.Tasks.Count);
        Assert.Empty(result.Failures);
        Assert.Equal(3, described.Tasks.Count);
        Assert.Empty(described.Failures);
        Assert.All(described.Tasks, t => Assert.Equal(startedBy, t.StartedBy));
        Assert.All(described.Tasks, t => Assert.Contains(new EcsTag("alyx:shard", "0"), t.Tags));
        Assert.All(described.Tasks, t => Assert.Equal($"family:{_family}", t.Group));
        Assert.All(described.Tasks, t => Assert.Contains($"task/{_cluster}/", t.TaskArn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DescribeTasks_WithoutTags_OmitsTags()
    {
        var run = await _ecs.RunTaskAsync(FargateRequest(MotoAws.UniqueName("orch"), count: 1));

        var described = await _ecs.DescribeTasksAsync(_cluster, [run.Tasks[0].TaskArn], includeTags: false);

        Assert.Empty(Assert.Single(described.Tasks).Tags);
    }

    [Fact]
    public async Task ListAllTaskArns_ByStartedBy_ReturnsThoseTasks()
    {
        var startedBy = MotoAws.UniqueName("orch");
        var first = await _ecs.RunTaskAsync(FargateRequest(startedBy, count: 10));
        var second = await _ecs.RunTaskAsync(FargateRequest(startedBy, count: 2));
        await _ecs.RunTaskAsync(FargateRequest(MotoAws.UniqueName("other"), count: 1));
        var expected = first.Tasks.Concat(second.Tasks).Select(t => t.TaskArn).Order().ToList();

        // NOTE: moto 5.2.1 ignores maxResults and nextToken, so this run gets one page; the loopback tests cover
        // following nextToken.
        var listed = new List<string>();
        await foreach (var arn in _ecs.ListAllTaskArnsAsync(new EcsListTasksRequest(_cluster) { StartedBy = startedBy, MaxResults = 5 }))
        {
            listed.Add(arn);
        }

        Assert.Equal(expected, listed.Order().ToList());
    }

    [Fact]
    public async Task StopTask_WithReason_StopsTask()
    {
        var run = await _ecs.RunTaskAsync(FargateRequest(MotoAws.UniqueName("orch"), count: 2));
        var victim = run.Tasks[0].TaskArn;

        var stopped = await _ecs.StopTaskAsync(_cluster, victim, "scaled in by test");
        var described = await _ecs.DescribeTasksAsync(_cluster, run.Tasks.Select(t => t.TaskArn).ToList());

        Assert.Equal(victim, stopped.TaskArn);
        Assert.Equal("STOPPED", stopped.DesiredStatus);
        var victimState = Assert.Single(described.Tasks, t => t.TaskArn == victim);
        Assert.Equal("STOPPED", victimState.LastStatus);
        Assert.Equal("scaled in by test", victimState.StoppedReason);
        var survivor = Assert.Single(described.Tasks, t => t.TaskArn != victim);
        Assert.Equal("RUNNING", survivor.DesiredStatus);
    }

    [Fact]
    public async Task RunTask_UnknownCluster_ThrowsResourceNotFound()
    {
        var request = FargateRequest(MotoAws.UniqueName("orch"), count: 1) with { Cluster = MotoAws.UniqueName("nowhere") };

        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => _ecs.RunTaskAsync(request));

        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.Equal("RunTask", error.Operation);
    }

    [Fact]
    public async Task ListTasks_UnknownCluster_ThrowsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(
            () => _ecs.ListTasksAsync(new EcsListTasksRequest(MotoAws.UniqueName("nowhere"))));

        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task RunTask_UnknownLaunchType_ThrowsInvalidParameter()
    {
        var request = FargateRequest(MotoAws.UniqueName("orch"), count: 1) with { LaunchType = "BOGUS" };

        var error = await Assert.ThrowsAsync<AwsInvalidParameterException>(() => _ecs.RunTaskAsync(request));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task RunTask_ElevenTasks_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _ecs.RunTaskAsync(FargateRequest("orch", count: 11)));

        Assert.Contains("Count is 11", error.Message, StringComparison.Ordinal);
    }

    private EcsRunTaskRequest FargateRequest(string startedBy, int count) =>
        new(_family)
        {
            Cluster = _cluster,
            Count = count,
            LaunchType = "FARGATE",
            NetworkConfiguration = new(new EcsAwsVpcConfiguration(["subnet-a", "subnet-b"], ["sg-1"], "DISABLED")),
            Overrides = new([new EcsContainerOverride(Container) { Environment = [new("ALYX_SHARD_ID", "0")] }]),
            PropagateTags = "TASK_DEFINITION",
            StartedBy = startedBy,
            Tags = [new("alyx:shard", "0"), new("alyx:cluster", "test")],
            ClientToken = Guid.NewGuid().ToString(),
        };
}

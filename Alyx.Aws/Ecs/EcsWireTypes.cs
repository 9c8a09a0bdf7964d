namespace Alyx.Aws.Ecs;

/// <summary>Request and response bodies that have no public counterpart; members follow the service model's order.</summary>
internal static class EcsWireTypes
{
    public sealed record DescribeTasksBody(string? Cluster, IReadOnlyList<string> Tasks, IReadOnlyList<string>? Include);

    public sealed record StopTaskBody(string? Cluster, string Task, string? Reason);

    public sealed record TasksResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);

    public sealed record StopTaskResponse(EcsTask? Task);

    public sealed record ListTasksResponse(IReadOnlyList<string>? TaskArns, string? NextToken);
}

namespace Alyx.Aws.Ecs;

/// <summary>
/// Tasks returned by RunTask or DescribeTasks, with the per-item failures that ECS reports on HTTP 200. A RunTask
/// with failures started fewer tasks than requested.
/// </summary>
public sealed record EcsTaskBatchResult(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures)
{
    /// <summary>Throws when ECS reported any failure.</summary>
    /// <exception cref="EcsTaskFailureException">At least one item failed.</exception>
    public void EnsureNoFailures()
    {
        if (Failures.Count > 0)
        {
            throw new EcsTaskFailureException(Failures);
        }
    }
}

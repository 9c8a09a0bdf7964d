namespace Alyx.Aws.Ecs;

/// <summary>ECS reported per-item failures in a successful response.</summary>
public sealed class EcsTaskFailureException(IReadOnlyList<EcsFailure> failures)
    : Exception($"ECS reported {failures.Count} failure(s): "
        + string.Join("; ", failures.Select(f => $"{f.Arn ?? "(no arn)"}: {f.Reason} {f.Detail}".TrimEnd()))
        + ". Capacity and resource reasons are transient: retry later or in another availability zone.")
{
    /// <summary>The failures.</summary>
    public IReadOnlyList<EcsFailure> Failures { get; } = failures;
}

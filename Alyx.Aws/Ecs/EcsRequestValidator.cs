using System.Text.Json;
using Alyx.Aws.Http;

namespace Alyx.Aws.Ecs;

/// <summary>Client-side checks of the documented ECS limits, so a bad request fails with a clear message early.</summary>
internal static class EcsRequestValidator
{
    public const int MaxRunTaskCount = 10;
    public const int MaxDescribeTasks = 100;
    public const int MaxStartedByLength = 36;
    public const int MaxTags = 50;
    public const int MaxOverrideCharacters = 8192;
    public const int MaxClientTokenLength = 64;

    public static void Validate(EcsRunTaskRequest request)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(request.TaskDefinition))
        {
            failures.Add("TaskDefinition is missing; set a family, family:revision or task definition ARN.");
        }

        if (request.Count is < 1 or > MaxRunTaskCount)
        {
            failures.Add($"Count is {request.Count}; RunTask starts 1 to {MaxRunTaskCount} tasks per call.");
        }

        if (request.StartedBy is { } startedBy && !IsValidStartedBy(startedBy))
        {
            failures.Add($"StartedBy '{startedBy}' is invalid; use up to {MaxStartedByLength} characters of A-Z, a-z, 0-9, '_', '/' and '-'.");
        }

        if (request.PropagateTags is { } propagate && propagate is not ("TASK_DEFINITION" or "NONE"))
        {
            failures.Add($"PropagateTags '{propagate}' is invalid for RunTask; use TASK_DEFINITION or NONE.");
        }

        ValidateTags(request.Tags, failures);
        ValidateNetwork(request.NetworkConfiguration, failures);

        if (request.Overrides is { } overrides)
        {
            if (overrides.ContainerOverrides.Any(o => string.IsNullOrWhiteSpace(o.Name)))
            {
                failures.Add("A container override has no Name; set it to the container's name in the task definition.");
            }

            var length = JsonSerializer.Serialize(overrides, AwsJsonProtocol.Options).Length;
            if (length > MaxOverrideCharacters)
            {
                failures.Add($"Overrides are {length} characters of JSON; ECS takes at most {MaxOverrideCharacters}. Pass large values another way.");
            }
        }

        if (request.ClientToken is { } token
            && (token.Length is 0 or > MaxClientTokenLength || token.Any(c => c is < (char)33 or > (char)126)))
        {
            failures.Add($"ClientToken '{token}' is invalid; use 1 to {MaxClientTokenLength} printable ASCII characters without spaces.");
        }

        Throw(failures, "RunTask");
    }

    public static void Validate(EcsListTasksRequest request)
    {
        var failures = new List<string>();
        if (request.StartedBy is { } startedBy)
        {
            if (!IsValidStartedBy(startedBy))
            {
                failures.Add($"StartedBy '{startedBy}' is invalid; use up to {MaxStartedByLength} characters of A-Z, a-z, 0-9, '_', '/' and '-'.");
            }

            if (request.Family is not null || request.DesiredStatus is not null || request.LaunchType is not null)
            {
                failures.Add("StartedBy must be the only ListTasks filter; remove Family, DesiredStatus and LaunchType, or filter by startedBy on the described tasks.");
            }
        }

        if (request.MaxResults is < 1 or > 100)
        {
            failures.Add($"MaxResults is {request.MaxResults}; ListTasks pages hold 1 to 100 ARNs.");
        }

        Throw(failures, "ListTasks");
    }

    private static void ValidateTags(IReadOnlyList<EcsTag>? tags, List<string> failures)
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxTags)
        {
            failures.Add($"The request has {tags.Count} tags; ECS takes at most {MaxTags}.");
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > 128 || tag.Value.Length > 256)
            {
                failures.Add($"Tag '{tag.Key}' is invalid; keys have 1 to 128 characters and values at most 256.");
            }
        }
    }

    private static void ValidateNetwork(EcsNetworkConfiguration? network, List<string> failures)
    {
        if (network is null)
        {
            return;
        }

        var vpc = network.AwsvpcConfiguration;
        if (vpc.Subnets.Count is 0 or > 16)
        {
            failures.Add($"The awsvpc configuration has {vpc.Subnets.Count} subnets; ECS takes 1 to 16.");
        }

        if (vpc.SecurityGroups is { Count: > 5 })
        {
            failures.Add($"The awsvpc configuration has {vpc.SecurityGroups.Count} security groups; ECS takes at most 5.");
        }
    }

    private static bool IsValidStartedBy(string value) =>
        value.Length is > 0 and <= MaxStartedByLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/');

    private static void Throw(List<string> failures, string operation)
    {
        if (failures.Count > 0)
        {
            throw new ArgumentException($"Invalid ECS {operation} request: " + string.Join(" ", failures));
        }
    }
}

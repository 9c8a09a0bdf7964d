namespace Alyx.Orchestrator.Launchers.Ecs;

/// <summary>Settings of the ECS launcher. <see cref="Validate"/> names every invalid one.</summary>
public sealed class EcsLauncherOptions
{
    /// <summary>The ECS cluster name or ARN that runs the shard tasks. Required.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>The shard task definition as <c>FAMILY</c>, <c>FAMILY:REVISION</c> or an ARN. Required.</summary>
    public string TaskDefinition { get; set; } = "";

    /// <summary>The container in the task definition that runs the shard host. Default <c>shard</c>.</summary>
    public string ContainerName { get; set; } = "shard";

    /// <summary>Subnet ids of the tasks, 1 to 16; spread them over availability zones. Required.</summary>
    public IList<string> Subnets { get; } = [];

    /// <summary>Security group ids of the tasks, up to 5. Default none, which is the VPC's default group.</summary>
    public IList<string> SecurityGroups { get; } = [];

    /// <summary>Whether each task gets a public IP address (needed in a public subnet without a NAT gateway). Default false.</summary>
    public bool AssignPublicIp { get; set; }

    /// <summary>The launch type. Default <c>FARGATE</c>.</summary>
    public string LaunchType { get; set; } = "FARGATE";

    /// <summary>The Fargate platform version, or null for LATEST. Default null.</summary>
    public string? PlatformVersion { get; set; }

    /// <summary>
    /// RunTask calls per second, shared by every launch of this orchestrator. Default 5, a quarter of the 20 calls per
    /// second that the 2023 ECS documentation gives for Fargate RunTask, because other tools of the account share that
    /// budget.
    /// </summary>
    public double LaunchesPerSecond { get; set; } = 5;

    /// <summary>RunTask calls that may go out at once before <see cref="LaunchesPerSecond"/> applies. Default 10.</summary>
    public int LaunchBurst { get; set; } = 10;

    /// <summary>
    /// RunTask calls per launch before it fails: throttling that outlasted the client's own retries, and placement
    /// failures such as unavailable capacity, are retried up to this total. Default 5.
    /// </summary>
    public int MaxLaunchAttempts { get; set; } = 5;

    /// <summary>First delay before a RunTask is retried; it doubles per retry, with jitter. Default 1 s.</summary>
    public TimeSpan LaunchRetryBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay before a RunTask is retried. Default 30 s.</summary>
    public TimeSpan LaunchRetryMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Shortest time between two reads of the cluster's tasks from ECS (ListTasks and DescribeTasks). Passes in between
    /// use the last read plus the launches and stops since. Default 5 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns one message per invalid setting; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            failures.Add($"{nameof(Cluster)} is missing: set the ECS cluster name or ARN.");
        }

        if (string.IsNullOrWhiteSpace(TaskDefinition))
        {
            failures.Add($"{nameof(TaskDefinition)} is missing: set the shard task definition as FAMILY, FAMILY:REVISION or an ARN.");
        }

        if (string.IsNullOrWhiteSpace(ContainerName))
        {
            failures.Add($"{nameof(ContainerName)} is missing: set the name of the shard host's container in the task definition.");
        }

        if (Subnets.Count is 0 or > 16 || Subnets.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(Subnets)} has {Subnets.Count} entries: set 1 to 16 subnet ids, none blank.");
        }

        if (SecurityGroups.Count > 5 || SecurityGroups.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(SecurityGroups)} has {SecurityGroups.Count} entries: set at most 5 security group ids, none blank.");
        }

        if (string.IsNullOrWhiteSpace(LaunchType))
        {
            failures.Add($"{nameof(LaunchType)} is missing: use FARGATE unless the cluster runs EC2 capacity.");
        }

        if (!(LaunchesPerSecond > 0))
        {
            failures.Add($"{nameof(LaunchesPerSecond)} ({LaunchesPerSecond}) must be positive.");
        }

        if (LaunchBurst < 1)
        {
            failures.Add($"{nameof(LaunchBurst)} ({LaunchBurst}) must be at least 1.");
        }

        if (MaxLaunchAttempts < 1)
        {
            failures.Add($"{nameof(MaxLaunchAttempts)} ({MaxLaunchAttempts}) must be at least 1.");
        }

        if (LaunchRetryBase <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(LaunchRetryBase)} ({LaunchRetryBase}) must be positive.");
        }

        if (LaunchRetryMax < LaunchRetryBase)
        {
            failures.Add($"{nameof(LaunchRetryMax)} ({LaunchRetryMax}) is below {nameof(LaunchRetryBase)} ({LaunchRetryBase}); raise it.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(PollInterval)} ({PollInterval}) must be positive.");
        }

        return failures;
    }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">The message lists every invalid setting.</exception>
    public void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid ECS launcher options: " + string.Join(" ", failures));
        }
    }
}

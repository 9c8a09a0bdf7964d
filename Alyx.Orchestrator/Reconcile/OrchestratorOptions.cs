namespace Alyx.Orchestrator.Reconcile;

/// <summary>Settings of the reconcile loop. <see cref="Validate"/> names every invalid one.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>The cluster this orchestrator manages. Default <c>default</c>.</summary>
    public string Cluster { get; set; } = "default";

    /// <summary>Time between passes when nothing notifies the loop. Default 10 s.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between passes while shards are launching or resharding. Default 1 s.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Launches and stops a pass runs at once. Default 8.</summary>
    public int MaxConcurrentActions { get; set; } = 8;

    /// <summary>First relaunch delay after a failure; it doubles per failure. Default 1 s.</summary>
    public TimeSpan RestartBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest relaunch delay, and the delay of a shard in CrashLoop. Default 60 s.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures inside <see cref="CrashLoopWindow"/> that put a shard into CrashLoop. Default 5.</summary>
    public int CrashLoopFailures { get; set; } = 5;

    /// <summary>The window in which <see cref="CrashLoopFailures"/> count. Default 5 minutes.</summary>
    public TimeSpan CrashLoopWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the response of <c>GET /gateway/bot</c> is reused. Default 5 minutes.</summary>
    public TimeSpan GatewayRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Session starts kept back: at or below this many remaining, no shard is launched. Default 10.</summary>
    public int SessionStartReserve { get; set; } = 10;

    /// <summary>
    /// Age after which a shard's heartbeat counts as stale and its task is replaced. Default 30 s, three times the
    /// shard host's default status interval.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One identify per bucket per this window, used to pace launches when the hosts do not share one gate.
    /// Default 5 s, as Discord.
    /// </summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a blue-green reshard waits for every shard of the new set to be Ready before it stops the new set and
    /// keeps the old one active. Default 10 minutes; booting N shards takes at least ceil(N / max_concurrency) identify
    /// windows of 5 s, so raise it for large sets.
    /// </summary>
    public TimeSpan BlueGreenReadyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The minimum time between a blue-green switch and its cutover instant. Default 3 s. Shard hosts read the active set
    /// every <c>Shard:ActiveSetPollInterval</c> (default 1 s), which must stay well below this notice.
    /// </summary>
    public TimeSpan CutoverNotice { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the old set keeps running after the cutover instant, so events created before the cutover that arrive
    /// late are still handled. Default 10 s; an event delivered later than this after its creation is lost.
    /// </summary>
    public TimeSpan RetireDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a task may run without its first heartbeat before it is replaced. A Fargate task pulls its image and
    /// starts its container first, and a host may wait one lease time to live for its predecessor's lease. Default
    /// 5 minutes.
    /// </summary>
    public TimeSpan StartGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time between checks of the routes of the active and the pending shard set, which on SNS+SQS are the shard queues
    /// and their subscriptions. A check puts back a queue deleted or an attribute changed since. One check of N shards
    /// makes about 3N SQS calls and N SNS calls. Default 5 minutes, at most 1 day.
    /// </summary>
    public TimeSpan RouteCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns one message per invalid setting; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        Positive(failures, nameof(ResyncInterval), ResyncInterval);
        Positive(failures, nameof(ProgressInterval), ProgressInterval);
        Positive(failures, nameof(RestartBackoffBase), RestartBackoffBase);
        Positive(failures, nameof(CrashLoopWindow), CrashLoopWindow);
        Positive(failures, nameof(GatewayRefreshInterval), GatewayRefreshInterval);
        Positive(failures, nameof(IdentifyWindow), IdentifyWindow);
        Positive(failures, nameof(HeartbeatTimeout), HeartbeatTimeout);
        Positive(failures, nameof(BlueGreenReadyTimeout), BlueGreenReadyTimeout);
        Positive(failures, nameof(CutoverNotice), CutoverNotice);
        if (RetireDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(RetireDelay)} ({RetireDelay}) must not be negative.");
        }
        Positive(failures, nameof(StartGracePeriod), StartGracePeriod);
        Positive(failures, nameof(RouteCheckInterval), RouteCheckInterval);
        if (RouteCheckInterval > TimeSpan.FromDays(1))
        {
            // A bare number such as 300 reads as 300 days in the TimeSpan form.
            failures.Add($"{nameof(RouteCheckInterval)} ({RouteCheckInterval}) must be at most 1 day; write durations as hh:mm:ss, such as 00:05:00.");
        }

        if (RestartBackoffMax < RestartBackoffBase)
        {
            failures.Add($"{nameof(RestartBackoffMax)} ({RestartBackoffMax}) is below {nameof(RestartBackoffBase)} ({RestartBackoffBase}); raise it.");
        }

        if (MaxConcurrentActions < 1)
        {
            failures.Add($"{nameof(MaxConcurrentActions)} ({MaxConcurrentActions}) must be at least 1.");
        }

        if (CrashLoopFailures < 1)
        {
            failures.Add($"{nameof(CrashLoopFailures)} ({CrashLoopFailures}) must be at least 1.");
        }

        if (SessionStartReserve < 0)
        {
            failures.Add($"{nameof(SessionStartReserve)} ({SessionStartReserve}) must not be negative.");
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
            throw new ArgumentException("Invalid orchestrator options: " + string.Join(" ", failures));
        }
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} ({value}) must be positive.");
        }
    }
}

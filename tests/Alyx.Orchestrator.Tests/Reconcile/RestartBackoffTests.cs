using Alyx.Orchestrator.Reconcile;

namespace Alyx.Orchestrator.Tests.Reconcile;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OrchestratorOptions Options() => new()
    {
        RestartBackoffBase = TimeSpan.FromSeconds(1),
        RestartBackoffMax = TimeSpan.FromSeconds(8),
        CrashLoopFailures = 5,
        CrashLoopWindow = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public void RecordFailure_Repeated_DoublesUpToCap()
    {
        var backoff = new RestartBackoff(Options());

        var delays = Enumerable.Range(0, 4).Select(i => backoff.RecordFailure(Start.AddSeconds(i))).ToList();

        // Jitter keeps each delay between half and all of base * 2^(failures - 1), capped at the maximum.
        Assert.InRange(delays[0].TotalSeconds, 0.5, 1);
        Assert.InRange(delays[1].TotalSeconds, 1, 2);
        Assert.InRange(delays[2].TotalSeconds, 2, 4);
        Assert.InRange(delays[3].TotalSeconds, 4, 8);
    }

    [Fact]
    public void RecordFailure_ThresholdInsideWindow_EntersCrashLoop()
    {
        var backoff = new RestartBackoff(Options());

        for (var i = 0; i < 4; i++)
        {
            backoff.RecordFailure(Start.AddSeconds(i));
        }

        var beforeThreshold = backoff.InCrashLoop;
        var delay = backoff.RecordFailure(Start.AddSeconds(4));

        Assert.False(beforeThreshold);
        Assert.True(backoff.InCrashLoop);
        Assert.Equal(TimeSpan.FromSeconds(8), delay);
    }

    [Fact]
    public void RecordFailure_FailuresOutsideWindow_DoNotCount()
    {
        var backoff = new RestartBackoff(Options());

        for (var i = 0; i < 4; i++)
        {
            backoff.RecordFailure(Start.AddSeconds(i));
        }

        backoff.RecordFailure(Start.AddMinutes(5));

        Assert.False(backoff.InCrashLoop);
    }

    [Fact]
    public void Validate_BadValues_NamesEachSetting()
    {
        var options = new OrchestratorOptions { MaxConcurrentActions = 0, RestartBackoffMax = TimeSpan.Zero, CrashLoopFailures = 0 };

        var failures = string.Join(" ", options.Validate());

        Assert.Contains(nameof(OrchestratorOptions.MaxConcurrentActions), failures, StringComparison.Ordinal);
        Assert.Contains(nameof(OrchestratorOptions.RestartBackoffMax), failures, StringComparison.Ordinal);
        Assert.Contains(nameof(OrchestratorOptions.CrashLoopFailures), failures, StringComparison.Ordinal);
    }
}

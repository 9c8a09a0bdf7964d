namespace Alyx.Cli.Common;

/// <summary>Exit codes of the <c>alyx</c> commands other than <c>alyx emulator</c> and <c>alyx shard run</c>; docs/cli.md lists which command returns which.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected error, or a request whose replies were not all ok; the error output names the failure.</summary>
    public const int Failure = 1;

    /// <summary>An option or argument is invalid; the error output names it.</summary>
    public const int InvalidInput = 2;

    /// <summary>Redis could not be reached.</summary>
    public const int RedisUnavailable = 3;

    /// <summary>The named shard or cluster state does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The request conflicts with work in progress, such as a scale while a reshard runs.</summary>
    public const int Conflict = 5;

    /// <summary>The cluster did not converge within --timeout.</summary>
    public const int Timeout = 6;

    /// <summary>No orchestrator acts on the cluster, so --wait would never end.</summary>
    public const int NoOrchestrator = 7;

    /// <summary>A blue-green reshard could not make its new shard set Ready and was rolled back; the old set stays active.</summary>
    public const int ReshardRolledBack = 8;

    /// <summary>Interrupted with Ctrl+C before the work finished.</summary>
    public const int Interrupted = 130;
}

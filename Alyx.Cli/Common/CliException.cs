namespace Alyx.Cli.Common;

/// <summary>A user-facing failure: the command prints the message as one line on standard error and exits with the code.</summary>
public sealed class CliException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The exit code, one of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; } = exitCode;
}

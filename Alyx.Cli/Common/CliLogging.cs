using Microsoft.Extensions.Logging;

namespace Alyx.Cli.Common;

/// <summary>The logger factory of long-running commands: everything on standard error, so standard output stays parseable.</summary>
public static class CliLogging
{
    /// <summary>Creates a factory that logs warnings and errors, or information too when <paramref name="verbose"/>.</summary>
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddFilter(level => level >= (verbose ? LogLevel.Information : LogLevel.Warning))
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}

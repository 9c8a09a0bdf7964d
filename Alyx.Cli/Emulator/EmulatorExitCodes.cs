namespace Alyx.Cli.Emulator;

/// <summary>Exit codes of <c>alyx emulator</c>.</summary>
public static class EmulatorExitCodes
{
    /// <summary>The emulator ran and stopped on Ctrl+C or SIGTERM.</summary>
    public const int Success = 0;

    /// <summary>An option value is invalid; the error output names it.</summary>
    public const int InvalidOption = 2;

    /// <summary>The emulator could not start, for example because the port is in use.</summary>
    public const int StartFailed = 3;
}

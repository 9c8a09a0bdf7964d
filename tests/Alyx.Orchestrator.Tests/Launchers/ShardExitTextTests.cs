using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Tests.Launchers;

public sealed class ShardExitTextTests
{
    [Theory]
    [InlineData(137, "exited with code 137 (SIGKILL)")]
    [InlineData(143, "exited with code 143 (SIGTERM)")]
    [InlineData(4, "exited with code 4 (LeaseLost: the shard's lease could not be renewed)")]
    [InlineData(10, "exited with code 10 (AuthenticationFailed: close code 4004 or HTTP 401: the bot token is invalid)")]
    [InlineData(99, "exited with code 99")]
    [InlineData(-1, "ended with an unknown exit code")]
    public void Describe_ExitCode_NamesSignalOrMeaning(int exitCode, string expected)
    {
        Assert.Equal(expected, ShardExitText.Describe(exitCode));
    }
}

using System.CommandLine;

namespace Alyx.Cli.Tests;

public sealed class AlyxRootCommandTests
{
    [Fact]
    public async Task Help_PrintsDescriptionAndSucceeds()
    {
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output };

        var exitCode = await AlyxRootCommand.Create().Parse(["--help"]).InvokeAsync(configuration);

        Assert.Equal(0, exitCode);
        Assert.Contains("gateway shards", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_FailsWithNonZeroExit()
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create().Parse(["no-such-command"]).InvokeAsync(configuration);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no-such-command", error.ToString(), StringComparison.Ordinal);
    }
}

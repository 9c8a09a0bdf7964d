using System.CommandLine;
using Alyx.Cli.Common;

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

    [Theory]
    [InlineData("alyx shards scale", "'--bogus'", "shards", "scale", "--count", "2", "--bogus")]
    [InlineData("alyx shards status", "'--verbose'", "shards", "status", "--verbose")]
    [InlineData("alyx shards scale", "'--count'", "shards", "scale", "--count")]
    [InlineData("alyx shards status", "'yaml'", "shards", "status", "--output", "yaml")]
    [InlineData("alyx dev", "'nope'", "dev", "--discord-api", "nope")]
    [InlineData("alyx dev", "'ftp://example.test/'", "dev", "--discord-api", "ftp://example.test/")]
    [InlineData("alyx events", "'many'", "events", "--count", "many")]
    [InlineData("alyx request", "'--route'", "request", "--all")]
    [InlineData("alyx", "'no-such-command'", "no-such-command")]
    [InlineData("alyx shards status", "--stale-after NaN", "shards", "status", "--stale-after", "NaN")]
    [InlineData("alyx shards scale", "--timeout Infinity", "shards", "scale", "--count", "1", "--wait", "--timeout", "Infinity")]
    [InlineData("alyx request", "--timeout 1e300", "request", "--all", "--route", "alyx.ping", "--timeout", "1e300")]
    [InlineData("alyx dev", "--duration 1e12", "dev", "--duration", "1e12")]
    public async Task InvokeAsync_ParseError_ExitsTwoWithOneLine(string command, string badInput, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AlyxRootCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(lines);
        Assert.StartsWith(command + ": ", lines[0], StringComparison.Ordinal);
        Assert.Contains(badInput, lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"See {command} --help.", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Parse_DiscordApiUrl_HasNoErrorsAndKeepsUrl()
    {
        var parseResult = AlyxRootCommand.Create().Parse(["dev", "--discord-api", "http://127.0.0.1:5000/api/v10/"]);

        Assert.Empty(parseResult.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:5000/api/v10/"), parseResult.GetValue<Uri?>("--discord-api"));
    }
}

using System.Diagnostics;
using Alyx.TestSupport;

namespace Alyx.Cdk.Tests.Stack;

/// <summary>The CDK app as the CDK CLI runs it, with the context in <c>CDK_CONTEXT_JSON</c>.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_InvalidContext_ExitsWithEveryProblem()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alyx.Cdk.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CDK_CONTEXT_JSON"] = """{"alyx:cluster":"Bad_Name","alyx:shardCpu":300}""";
        start.Environment["CDK_OUTDIR"] = Path.Combine(TestServices.Require("ALYX_TEST_WORK", "a work folder"), "cdk-invalid.out");
        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var kill = timeout.Token.Register(() => process.Kill(entireProcessTree: true));

        await process.WaitForExitAsync(timeout.Token);
        var errors = await standardError;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("alyx-cdk: alyx:cluster 'Bad_Name' is invalid", errors, StringComparison.Ordinal);
        Assert.Contains("alyx-cdk: alyx:shardCpu 300 with alyx:shardMemoryMiB 512 is not a Fargate task size", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(start.Environment["CDK_OUTDIR"]!, "manifest.json")));
    }
}

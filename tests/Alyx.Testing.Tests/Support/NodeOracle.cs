using System.Diagnostics;

namespace Alyx.Testing.Tests.Support;

/// <summary>Runs a node script from tests/oracles with the npm packages of tests/package.json, with a time limit.</summary>
public static class NodeOracle
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string script, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var testsDirectory = FindTestsDirectory();
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = testsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(testsDirectory, "oracles", script));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start; install node 20 or later.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"node {script} did not finish within {timeout}. Output: {await output} Error: {await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static string FindTestsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests");
            if (File.Exists(Path.Combine(candidate, "package.json")) && Directory.Exists(Path.Combine(candidate, "oracles")))
            {
                if (!Directory.Exists(Path.Combine(candidate, "node_modules", "@discordjs", "ws")))
                {
                    throw new InvalidOperationException($"{candidate}/node_modules lacks @discordjs/ws. Run the tests with scripts/test, which runs npm ci in tests/.");
                }

                return candidate;
            }
        }

        throw new InvalidOperationException($"No tests/package.json found above {AppContext.BaseDirectory}.");
    }
}

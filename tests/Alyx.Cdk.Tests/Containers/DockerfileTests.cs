using System.Collections.Concurrent;
using System.Diagnostics;
using Alyx.TestSupport;

namespace Alyx.Cdk.Tests.Containers;

public sealed class DockerfileTests
{
    private static readonly Dictionary<string, (string Project, string Entry)> Images = new(StringComparer.Ordinal)
    {
        ["Dockerfile.shard"] = ("Alyx.Shard/Alyx.Shard.csproj", "Alyx.Shard.dll"),
        ["Dockerfile.orchestrator"] = ("Alyx.Orchestrator/Alyx.Orchestrator.csproj", "Alyx.Orchestrator.dll"),
    };

    // One publish per Dockerfile, shared by the tests that inspect its output.
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Publishes = new(StringComparer.Ordinal);

    public static TheoryData<string> Dockerfiles => [.. Images.Keys];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Publish_Project_IsInTheSolution(string dockerfile)
    {
        var published = PublishedProject(Load(dockerfile));

        Assert.Equal(Images[dockerfile].Project, published);
        Assert.Contains(published, RepositoryLayout.SolutionProjects());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Publish_Project_IsBuiltByTheTests(string dockerfile)
    {
        var published = PublishedProject(Load(dockerfile));

        var testProjects = RepositoryLayout.SolutionProjects()
            .Where(path => path.StartsWith("tests/", StringComparison.Ordinal) && path.EndsWith(".Tests.csproj", StringComparison.Ordinal));

        Assert.Contains(testProjects, test => RepositoryLayout.ProjectClosure(test).Contains(published));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void RestoreLayer_ProjectFiles_AreExactlyTheReferencedOnes(string dockerfile)
    {
        var file = Load(dockerfile);

        var copied = CopySources(file).Where(source => source.EndsWith(".csproj", StringComparison.Ordinal));

        Assert.Equal(RepositoryLayout.ProjectClosure(Images[dockerfile].Project).Order(), copied.Order());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void SourceLayer_Folders_AreExactlyTheReferencedOnes(string dockerfile)
    {
        var file = Load(dockerfile);

        var folders = CopySources(file).Where(source => source.EndsWith('/')).Select(source => source.TrimEnd('/'));

        Assert.Equal(RepositoryLayout.ProjectClosure(Images[dockerfile].Project).Select(path => path.Split('/')[0]).Order(), folders.Order());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Stages_Images_SdkBuildsRuntimeRuns(string dockerfile)
    {
        var file = Load(dockerfile);

        var images = file.Stages.Select(stage => stage[0].Arguments.Split(' ')[0]).ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/runtime:10.0"], images);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void FinalStage_Instructions_NonRootStopSignalHealthCheck(string dockerfile)
    {
        var final = Load(dockerfile).FinalStage;

        string Only(string keyword) => final.Single(instruction => instruction.Keyword == keyword).Arguments;

        Assert.Equal("1654", Only("USER"));
        Assert.Equal("SIGTERM", Only("STOPSIGNAL"));
        Assert.Contains(" CMD [", " " + Only("HEALTHCHECK"), StringComparison.Ordinal);
        Assert.Contains("ALYX_LOG_FORMAT=json", Only("ENV"), StringComparison.Ordinal);
        Assert.Equal($"[\"dotnet\", \"{Images[dockerfile].Entry}\"]", Only("ENTRYPOINT"));
        Assert.Equal("--from=build /app ./", Only("COPY"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void FinalStage_Packages_NoneInstalled(string dockerfile)
    {
        var final = Load(dockerfile).FinalStage;

        Assert.DoesNotContain(final, instruction => instruction.Keyword is "RUN" or "ADD");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task Publish_DockerfileCommands_WriteTheEntryAssembly(string dockerfile)
    {
        var output = await PublishAsync(dockerfile);

        var entry = Path.Combine(output, Images[dockerfile].Entry);

        Assert.True(File.Exists(entry), $"{entry} is missing");
    }

    [Theory]
    [InlineData("Dockerfile.shard")]
    [InlineData("Dockerfile.orchestrator")]
    public async Task Publish_EntryAssembly_IsAnExecutable(string dockerfile)
    {
        var output = await PublishAsync(dockerfile);

        var runtimeConfig = Path.Combine(output, Path.ChangeExtension(Images[dockerfile].Entry, ".runtimeconfig.json"));

        Assert.True(File.Exists(runtimeConfig), $"{runtimeConfig} is missing, so `dotnet {Images[dockerfile].Entry}` cannot start");
    }

    [Theory]
    [InlineData("**/bin/")]
    [InlineData("**/obj/")]
    [InlineData("**/node_modules/")]
    [InlineData(".git")]
    public void DockerIgnore_BuildOutput_StaysOutOfTheContext(string pattern)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryLayout.Root, ".dockerignore")).Select(line => line.Trim());

        Assert.Contains(pattern, lines);
    }

    private static Dockerfile Load(string name) => Dockerfile.Load(Path.Combine(RepositoryLayout.Root, name));

    private static IEnumerable<string> CopySources(Dockerfile file) =>
        file.All("COPY").Select(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

    private static string PublishedProject(Dockerfile file) =>
        file.All("RUN").Single(command => command.StartsWith("dotnet publish ", StringComparison.Ordinal)).Split(' ')[2];

    // Runs the Dockerfile's RUN commands (restore, then publish) with the output in the work folder in place of /app.
    private static Task<string> PublishAsync(string dockerfile) => Publishes.GetOrAdd(dockerfile, name => new Lazy<Task<string>>(async () =>
    {
        var output = Path.Combine(TestServices.Require("ALYX_TEST_WORK", "a work folder"), "publish", Path.GetFileNameWithoutExtension(Images[name].Entry));
        foreach (var command in Load(name).All("RUN"))
        {
            var (exitCode, log) = await RunAsync(command.Replace(" -o /app", " -o " + output, StringComparison.Ordinal));
            Assert.True(exitCode == 0, $"`{command}` exited with {exitCode}:\n{log}");
        }

        return output;
    })).Value;

    // Runs a Dockerfile RUN command (plain words, no shell syntax) from the repository root, as WORKDIR /src does.
    private static async Task<(int ExitCode, string Log)> RunAsync(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        // Build server processes would outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within 5 minutes.");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }
}

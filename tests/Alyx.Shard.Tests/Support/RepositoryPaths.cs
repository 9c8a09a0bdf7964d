namespace Alyx.Shard.Tests.Support;

/// <summary>Build outputs the tests run as real processes or load as real plugins.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root, found from the test assembly's folder (tests/Alyx.Shard.Tests/bin/CONFIG/TFM).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test run, such as Debug.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The shard host's own build output, run with <c>dotnet Alyx.Shard.dll</c>.</summary>
    public static string ShardDll => Require(Path.Combine(Root, "Alyx.Shard", "bin", Configuration, "net10.0", "Alyx.Shard.dll"));

    /// <summary>The build output folder of a sample plugin project.</summary>
    public static string SampleOutput(string project) =>
        Path.GetDirectoryName(Require(Path.Combine(Root, "samples", project, "bin", Configuration, "net10.0", project + ".dll")))!;

    /// <summary>Creates a plugins folder holding the given sample projects, each in its own subfolder.</summary>
    public static string CreatePluginsFolder(params string[] projects)
    {
        var folder = Path.Combine(Path.GetTempPath(), "alyx-plugins-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var project in projects)
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, project)).FullName;
            foreach (var file in Directory.GetFiles(SampleOutput(project)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return folder;
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build Alyx.sln).", path);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Alyx.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Alyx.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Text.RegularExpressions;

namespace Alyx.Samples.Tests;

/// <summary>Checks that each C# block of the plugin guide appears in a sample source that the build compiles.</summary>
public sealed partial class PluginGuideTests
{
    [Fact]
    public void GuideCode_AppearsInSampleSources()
    {
        var root = RepositoryRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "plugin-guide.md"));
        var sources = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        // A block of test methods may skip methods of the file between them, so each method is checked on its own.
        var blocks = CSharpBlock().Matches(guide).SelectMany(match => SplitTestMethods(match.Groups["code"].Value)).ToList();

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            // The guide shows test methods without their class, so they appear in the file indented one level.
            var indented = string.Join('\n', block.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
            Assert.True(
                sources.Any(source => source.Contains(block, StringComparison.Ordinal) || source.Contains(indented, StringComparison.Ordinal)),
                $"This C# block of docs/plugin-guide.md is not in any file under samples/; copy the current code into the guide:\n{block}");
        }
    }

    private static IEnumerable<string> SplitTestMethods(string code)
    {
        var parts = code.Split("\n\n[Fact]");
        yield return parts[0];
        foreach (var part in parts.Skip(1))
        {
            yield return "[Fact]" + part;
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Alyx.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"Alyx.sln not found in {AppContext.BaseDirectory} or any parent folder: run the tests from a build inside the repository.");
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}

using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Alyx.Cdk.Tests.Containers;

/// <summary>The repository the tests run from: its root, the projects in Alyx.sln and their project references.</summary>
public static partial class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Returns the paths of the projects in Alyx.sln, relative to the root, with forward slashes.</summary>
    public static IReadOnlySet<string> SolutionProjects() =>
        SolutionProject().Matches(File.ReadAllText(Path.Combine(Root, "Alyx.sln")))
            .Select(match => match.Groups["path"].Value.Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Returns a project and every project it references, directly or not, relative to the root.</summary>
    public static IReadOnlySet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!closure.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Path.Combine(Root, current))!;
            var references = XDocument.Load(Path.Combine(Root, current)).Descendants("ProjectReference")
                .Select(reference => (string)reference.Attribute("Include")!);
            foreach (var reference in references)
            {
                pending.Push(Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(folder, reference))).Replace('\\', '/'));
            }
        }

        return closure;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Alyx.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Alyx.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}

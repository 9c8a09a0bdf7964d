using System.Text.RegularExpressions;

namespace Alyx.Cdk.Tests.Containers;

/// <summary>The instructions of a Dockerfile, with continuation lines joined and comments dropped, split into stages.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<(string Keyword, string Arguments)>> stages) => Stages = stages;

    /// <summary>The stages in order; each starts with its FROM instruction.</summary>
    public IReadOnlyList<IReadOnlyList<(string Keyword, string Arguments)>> Stages { get; }

    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var stages = new List<List<(string, string)>>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var instruction = InstructionPattern().Match(pending + line);
            pending = "";
            var keyword = instruction.Groups["keyword"].Value.ToUpperInvariant();
            if (keyword == "FROM")
            {
                stages.Add([]);
            }

            stages[^1].Add((keyword, instruction.Groups["arguments"].Value.Trim()));
        }

        return new Dockerfile([.. stages]);
    }

    /// <summary>Returns the arguments of every instruction of a keyword in all stages.</summary>
    public IEnumerable<string> All(string keyword) =>
        Stages.SelectMany(stage => stage).Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);

    [GeneratedRegex(@"^(?<keyword>[A-Za-z]+)\s+(?<arguments>.*)$")]
    private static partial Regex InstructionPattern();
}

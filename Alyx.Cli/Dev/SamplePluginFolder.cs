using Alyx.Samples.GuildStats;
using Alyx.Samples.Ping;

namespace Alyx.Cli.Dev;

/// <summary>
/// A temporary folder with the sample plugin assemblies, the <c>ALYX_PLUGINS_PATH</c> of shard processes that
/// <c>alyx dev --launcher process</c> starts. Shard processes load every assembly of that folder, so it must hold the
/// plugins only and not the CLI's other assemblies. Disposing deletes it.
/// </summary>
public sealed class SamplePluginFolder : IDisposable
{
    private SamplePluginFolder(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates the folder and copies the sample plugins into it.</summary>
    public static SamplePluginFolder Create()
    {
        var folder = Directory.CreateTempSubdirectory("alyx-dev-plugins-").FullName;
        foreach (var assembly in new[] { typeof(PingPlugin).Assembly, typeof(GuildStatsPlugin).Assembly })
        {
            File.Copy(assembly.Location, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(assembly.Location)));
        }

        return new SamplePluginFolder(folder);
    }

    /// <summary>Deletes the folder; a shard process that still has a file open keeps its copy until it exits.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temporary folder is harmless; the next run creates a new one.
        }
    }
}

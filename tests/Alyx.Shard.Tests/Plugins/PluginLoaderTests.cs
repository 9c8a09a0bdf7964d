using System.Runtime.Loader;
using Alyx.Abstractions.Plugins;
using Alyx.Shard.Plugins;
using Alyx.Shard.Tests.Support;

namespace Alyx.Shard.Tests.Plugins;

public sealed class PluginLoaderTests
{
    [Fact]
    public void LoadFolder_SamplePlugins_EachInItsOwnContextSharingTheApi()
    {
        var folder = RepositoryPaths.CreatePluginsFolder("Alyx.Samples.Ping", "Alyx.Samples.GuildStats");
        try
        {
            var plugins = PluginLoader.LoadFolder(folder);

            Assert.Equal(["guild-stats", "ping"], plugins.Select(p => p.Name).Order(StringComparer.Ordinal));
            var contexts = plugins.Select(p => AssemblyLoadContext.GetLoadContext(p.GetType().Assembly)).ToList();
            Assert.DoesNotContain(AssemblyLoadContext.Default, contexts);
            Assert.NotSame(contexts[0], contexts[1]);
            Assert.All(plugins, plugin => Assert.IsAssignableFrom<IAlyxPlugin>(plugin));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadAbstractionsReference_SamplePlugin_ReturnsTheBuildVersion()
    {
        var path = Path.Combine(RepositoryPaths.SampleOutput("Alyx.Samples.Ping"), "Alyx.Samples.Ping.dll");

        var version = PluginCompatibility.ReadAbstractionsReference(path);

        Assert.Equal(PluginApi.Version, version);
    }

    [Fact]
    public void LoadFolder_PluginOfOtherMajorVersion_RejectedNamingBothVersions()
    {
        var folder = RepositoryPaths.CreatePluginsFolder("Alyx.Samples.Ping");
        var path = Path.Combine(folder, "Alyx.Samples.Ping", "Alyx.Samples.Ping.dll");
        AssemblyReferencePatcher.SetMajorVersion(path, "Alyx.Abstractions", 9);
        try
        {
            var exception = Assert.Throws<PluginLoadException>(() => PluginLoader.LoadFolder(folder));

            Assert.Contains($"Alyx.Abstractions 9.{PluginApi.Version.Minor}", exception.Message, StringComparison.Ordinal);
            Assert.Contains($"Alyx.Abstractions {PluginApi.Version}", exception.Message, StringComparison.Ordinal);
            Assert.Equal(new Version(9, PluginApi.Version.Minor, PluginApi.Version.Build, PluginApi.Version.Revision), PluginCompatibility.ReadAbstractionsReference(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Check_OtherMajorVersion_RejectsNamingBothVersions()
    {
        var reason = PluginCompatibility.Check("plugins/old.dll", new Version(1, 4, 0, 0), new Version(2, 0, 0, 0));

        Assert.NotNull(reason);
        Assert.Contains("Alyx.Abstractions 1.4.0.0", reason, StringComparison.Ordinal);
        Assert.Contains("Alyx.Abstractions 2.0.0.0", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SameMajorVersion_Accepts()
    {
        var reason = PluginCompatibility.Check("plugins/new.dll", new Version(2, 0, 0, 0), new Version(2, 3, 0, 0));

        Assert.Null(reason);
    }

    [Fact]
    public void LoadAssembly_NoAbstractionsReference_IsRejected()
    {
        var exception = Assert.Throws<PluginLoadException>(() => PluginLoader.LoadAssembly(typeof(Xunit.FactAttribute).Assembly.Location));

        Assert.Contains("does not reference Alyx.Abstractions", exception.Message, StringComparison.Ordinal);
    }
}

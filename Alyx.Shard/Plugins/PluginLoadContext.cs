using System.Reflection;
using System.Runtime.Loader;

namespace Alyx.Shard.Plugins;

/// <summary>
/// The load context of one plugin assembly: its private dependencies load from its folder, while Alyx.Abstractions
/// and the Microsoft.Extensions abstractions resolve to the host's copies, so the plugin's types implement the
/// host's <c>IAlyxPlugin</c> and not a second copy of it.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(pluginPath))
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    /// <summary>Whether an assembly is a contract the host shares with every plugin.</summary>
    public static bool IsShared(AssemblyName name) =>
        name.Name is { } simple
        && (simple == "Alyx.Abstractions"
            || (simple.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && simple.EndsWith(".Abstractions", StringComparison.Ordinal)));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null falls back to the default context, which contains the host's copy.
        if (IsShared(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}

using System.Reflection;
using Alyx.Abstractions.Plugins;

namespace Alyx.Shard.Plugins;

/// <summary>Finds plugin assemblies in a folder and creates their plugins, each assembly in its own load context.</summary>
public static class PluginLoader
{
    /// <summary>
    /// Returns the plugin assemblies of a folder: every <c>*.dll</c> directly in it and, in each subfolder
    /// <c>NAME</c>, the file <c>NAME/NAME.dll</c> (a plugin published with its own dependencies).
    /// </summary>
    public static IReadOnlyList<string> FindAssemblies(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var files = Directory.GetFiles(folder, "*.dll").ToList();
        foreach (var directory in Directory.GetDirectories(folder))
        {
            var candidate = Path.Combine(directory, Path.GetFileName(directory) + ".dll");
            if (File.Exists(candidate))
            {
                files.Add(candidate);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Loads every plugin of a folder.</summary>
    /// <exception cref="PluginLoadException">An assembly is incompatible, unreadable or declares no plugin.</exception>
    public static IReadOnlyList<IAlyxPlugin> LoadFolder(string folder) =>
        [.. FindAssemblies(folder).SelectMany(LoadAssembly)];

    /// <summary>
    /// Loads one plugin assembly in a new load context and creates each public, non-abstract
    /// <see cref="IAlyxPlugin"/> type in it with its parameterless constructor.
    /// </summary>
    /// <exception cref="PluginLoadException">The assembly is incompatible, unreadable or declares no plugin.</exception>
    public static IReadOnlyList<IAlyxPlugin> LoadAssembly(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Version? builtAgainst;
        try
        {
            builtAgainst = PluginCompatibility.ReadAbstractionsReference(fullPath);
        }
        catch (BadImageFormatException exception)
        {
            throw new PluginLoadException($"Plugin file '{fullPath}' is not a .NET assembly: remove it from the plugins folder.", exception);
        }

        if (builtAgainst is null)
        {
            throw new PluginLoadException($"Assembly '{fullPath}' does not reference Alyx.Abstractions, so it declares no plugin: remove it from the plugins folder.");
        }

        if (PluginCompatibility.Check(fullPath, builtAgainst, PluginApi.Version) is { } reason)
        {
            throw new PluginLoadException(reason);
        }

        Assembly assembly;
        Type[] types;
        try
        {
            assembly = new PluginLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
            types = assembly.GetExportedTypes();
        }
        catch (Exception exception) when (exception is FileLoadException or FileNotFoundException or ReflectionTypeLoadException or BadImageFormatException)
        {
            throw new PluginLoadException($"Plugin '{fullPath}' failed to load: {exception.Message}. Publish it with its dependencies next to it.", exception);
        }

        var plugins = new List<IAlyxPlugin>();
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAlyxPlugin).IsAssignableFrom(t)))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new PluginLoadException($"Plugin type {type.FullName} in '{fullPath}' has no public parameterless constructor: add one, and take services in StartAsync from the context.");
            }

            plugins.Add((IAlyxPlugin)Activator.CreateInstance(type)!);
        }

        return plugins.Count > 0
            ? plugins
            : throw new PluginLoadException($"Assembly '{fullPath}' declares no public IAlyxPlugin type: remove it from the plugins folder or add a plugin class.");
    }
}

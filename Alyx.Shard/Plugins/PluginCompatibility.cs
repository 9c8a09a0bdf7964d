using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Alyx.Shard.Plugins;

/// <summary>Checks that a plugin assembly was built against the host's major version of Alyx.Abstractions.</summary>
public static class PluginCompatibility
{
    /// <summary>
    /// Reads the Alyx.Abstractions version an assembly references from its metadata, without loading it.
    /// Returns null when it references none.
    /// </summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static Version? ReadAbstractionsReference(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, "Alyx.Abstractions"))
            {
                return reference.Version;
            }
        }

        return null;
    }

    /// <summary>Returns null when a plugin built against <paramref name="pluginBuiltAgainst"/> can run on <paramref name="host"/>, else the reason.</summary>
    public static string? Check(string pluginPath, Version pluginBuiltAgainst, Version host)
    {
        ArgumentNullException.ThrowIfNull(pluginBuiltAgainst);
        ArgumentNullException.ThrowIfNull(host);
        return pluginBuiltAgainst.Major == host.Major
            ? null
            : $"Plugin '{pluginPath}' was built against Alyx.Abstractions {pluginBuiltAgainst} but this host has Alyx.Abstractions {host}; "
                + $"rebuild the plugin against Alyx.Abstractions {host.Major}.x or run a host of major version {pluginBuiltAgainst.Major}.";
    }
}

namespace Alyx.Abstractions.Plugins;

/// <summary>The version of the plugin API. A host loads only plugins built against the same major version.</summary>
public static class PluginApi
{
    /// <summary>The assembly version of Alyx.Abstractions in this process.</summary>
    public static Version Version { get; } = typeof(PluginApi).Assembly.GetName().Version ?? new Version(0, 0);
}

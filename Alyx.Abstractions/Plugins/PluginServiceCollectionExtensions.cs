using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alyx.Abstractions.Plugins;

/// <summary>Registers plugins in code, as an alternative to loading them from a folder.</summary>
public static class PluginServiceCollectionExtensions
{
    /// <summary>Section of the host configuration that contains one subsection per plugin name.</summary>
    public const string PluginsSection = "Plugins";

    /// <summary>
    /// Adds <paramref name="plugin"/> to the host: it runs <see cref="IAlyxPlugin.ConfigureServices"/> now, with the
    /// plugin's section of <paramref name="configuration"/>, and registers the plugin for the host to start.
    /// </summary>
    public static IServiceCollection AddAlyxPlugin(this IServiceCollection services, IAlyxPlugin plugin, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(configuration);
        plugin.ConfigureServices(services, configuration.GetSection(PluginsSection).GetSection(plugin.Name));
        services.AddSingleton(plugin);
        return services;
    }

    /// <summary>Creates a <typeparamref name="TPlugin"/> and adds it as <see cref="AddAlyxPlugin(IServiceCollection, IAlyxPlugin, IConfiguration)"/> does.</summary>
    public static IServiceCollection AddAlyxPlugin<TPlugin>(this IServiceCollection services, IConfiguration configuration)
        where TPlugin : IAlyxPlugin, new() =>
        services.AddAlyxPlugin(new TPlugin(), configuration);
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alyx.Abstractions.Plugins;

/// <summary>
/// A plugin of a shard host. The host creates it with its public parameterless constructor, calls
/// <see cref="ConfigureServices"/> and <see cref="ConfigureEvents"/> once before it connects, <see cref="StartAsync"/>
/// when the shard is first Ready, and <see cref="StopAsync"/> on shutdown. Derive from <see cref="AlyxPlugin"/> to get
/// empty defaults.
/// </summary>
public interface IAlyxPlugin
{
    /// <summary>The plugin name, unique in a host; logs, metrics and the configuration section <c>Plugins:{Name}</c> use it.</summary>
    string Name { get; }

    /// <summary>The plugin version, for logs.</summary>
    Version Version { get; }

    /// <summary>Adds the plugin's services to the host's container, before the container is built.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The plugin's configuration section, <c>Plugins:{Name}</c>.</param>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Registers the plugin's event handlers.</summary>
    void ConfigureEvents(IPluginEvents events);

    /// <summary>Starts the plugin when the shard is first Ready; register messenger routes here.</summary>
    Task StartAsync(IPluginContext context, CancellationToken cancellationToken);

    /// <summary>Stops the plugin on shutdown, after its last event handler returned or was canceled.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

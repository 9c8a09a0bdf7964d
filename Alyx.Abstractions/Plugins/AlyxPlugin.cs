using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alyx.Abstractions.Plugins;

/// <summary>A base for plugins: every member but <see cref="Name"/> has an empty default.</summary>
public abstract class AlyxPlugin : IAlyxPlugin
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    /// <remarks>Defaults to the version of the assembly that declares the plugin.</remarks>
    public virtual Version Version => GetType().Assembly.GetName().Version ?? new Version(0, 0);

    /// <inheritdoc />
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <inheritdoc />
    public virtual void ConfigureEvents(IPluginEvents events)
    {
    }

    /// <inheritdoc />
    public virtual Task StartAsync(IPluginContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Alyx.Abstractions.Plugins;
using Alyx.Shard.Coordination;
using Alyx.Shard.Metrics;
using Alyx.Shard.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alyx.Shard.Hosting;

/// <summary>Builds the Generic Host of a shard, for <c>Program</c>, the CLI's in-process mode and tests.</summary>
public static class ShardHostBuilder
{
    /// <summary>The variable that picks the log format: <c>text</c> (the default) or <c>json</c>.</summary>
    public const string LogFormatVariable = "ALYX_LOG_FORMAT";

    /// <summary>
    /// Creates the host builder. Configuration, later sources winning: appsettings.json, appsettings.{environment}.json,
    /// <c>ALYX_</c>-prefixed variables (<c>ALYX_Shard__DrainTimeout</c>), the short <c>ALYX_*</c> variables of
    /// <see cref="ShardEnvironment"/>, then <paramref name="overrides"/>. Plugins in <c>Shard:PluginsPath</c> are loaded
    /// here, before the container is built, so they can add services.
    /// </summary>
    /// <param name="args">Command-line arguments, passed to the host.</param>
    /// <param name="getVariable">Reads an environment variable; tests pass their own.</param>
    /// <param name="overrides">Configuration entries applied last, or null.</param>
    /// <exception cref="InvalidOperationException">The shard assignment variables or the log format are missing or invalid.</exception>
    /// <exception cref="PluginLoadException">A plugin could not be loaded.</exception>
    public static HostApplicationBuilder Create(string[] args, Func<string, string?> getVariable, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = WithoutFileWatching(),
        });
        builder.Configuration.AddEnvironmentVariables("ALYX_");
        builder.Configuration.AddInMemoryCollection(ShardEnvironment.ToConfiguration(getVariable));
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // Logs go to standard error, so standard output carries only metric lines.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (IsJsonLogFormat(getVariable(LogFormatVariable) ?? builder.Configuration[LogFormatVariable]))
        {
            // One JSON object per line: the awslogs driver ships each line as one event, and CloudWatch Logs metric
            // filters can match its LogLevel field.
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var assignment = ShardAssignment.FromEnvironment(name => getVariable(name) ?? builder.Configuration[name]);
        builder.Services.AddSingleton(assignment);
        builder.Services.AddOptions<ShardHostOptions>().Bind(builder.Configuration.GetSection(ShardHostOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShardHostOptions>, ShardHostOptionsValidator>();
        builder.Services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = builder.Configuration.GetSection(ShardHostOptions.Section).GetValue(nameof(ShardHostOptions.ShutdownTimeout), TimeSpan.FromSeconds(25)));
        builder.Services.AddHttpClient("discord");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ShardMetrics>();
        builder.Services.AddSingleton<ShardExit>();
        builder.Services.AddSingleton(new ShardMetricsOutput(Console.Out));
        builder.Services.AddSingleton<IShardCoordinationProvider, RedisShardCoordinationProvider>();
        builder.Services.AddHostedService<ShardHostService>();

        var pluginsPath = builder.Configuration.GetSection(ShardHostOptions.Section)[nameof(ShardHostOptions.PluginsPath)];
        if (!string.IsNullOrWhiteSpace(pluginsPath) && Directory.Exists(pluginsPath))
        {
            foreach (var plugin in PluginLoader.LoadFolder(pluginsPath))
            {
                builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
            }
        }

        return builder;
    }

    /// <summary>
    /// Creates the configuration that a host builder starts from, with file watching off. A host reads appsettings.json
    /// once at start and never reloads it. With reloadOnChange on, each host opens its own file watcher, which on
    /// Linux is one inotify instance. Instances are limited per user (fs.inotify.max_user_instances, 128 by default),
    /// so a hundred in-process hosts, or as many shard processes of one user, would exhaust them.
    /// </summary>
    public static ConfigurationManager WithoutFileWatching()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(ReloadConfigOnChangeKey, "false")]);
        return configuration;
    }

    // The host builder setting that the default appsettings.json sources read for their reloadOnChange.
    private const string ReloadConfigOnChangeKey = "hostBuilder:reloadConfigOnChange";

    private static bool IsJsonLogFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => false,
        "json" => true,
        _ => throw new InvalidOperationException($"{LogFormatVariable} '{format}' is invalid: use json or text."),
    };
}

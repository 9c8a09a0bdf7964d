using Alyx.Aws.CloudWatch;
using Alyx.Aws.Configuration;
using Alyx.Coordination.Redis;
using Alyx.Orchestrator.Health;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Leadership;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Orchestrator;

/// <summary>
/// The orchestrator process, as it runs in its ECS service: configuration from appsettings.json and the environment
/// (<see cref="OrchestratorConfiguration"/>), JSON log lines on standard output by default, and a stop on SIGTERM well
/// within ECS's stop timeout. Shard tasks keep running when it stops; the next leader adopts them.
/// </summary>
public static class Program
{
    /// <summary>Exit code after invalid settings; standard error names each one.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Exit code when Redis cannot be reached at start.</summary>
    public const int RedisUnavailable = 3;

    /// <summary>Runs the orchestrator until SIGTERM or Ctrl+C.</summary>
    public static async Task<int> Main(string[] args)
    {
        // The orchestrator never reloads appsettings.json, and a file watcher would take one of the user's inotify instances.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = ShardHostBuilder.WithoutFileWatching(),
        });
        builder.Configuration.AddOrchestratorEnvironment(Environment.GetEnvironmentVariable);
        var invalid = ConfigurationValueCheck.FindInvalidValues(builder.Configuration);
        if (invalid.Count > 0)
        {
            return Fail(InvalidConfiguration, string.Join(Environment.NewLine, invalid));
        }

        OrchestratorSettings settings;
        try
        {
            settings = OrchestratorConfiguration.BindSettings(builder.Configuration, new OrchestratorSettings());
        }
        catch (InvalidOperationException exception)
        {
            return Fail(InvalidConfiguration, exception.Message);
        }

        var failures = settings.Validate();
        if (failures.Count > 0)
        {
            return Fail(InvalidConfiguration, string.Join(Environment.NewLine, failures));
        }

        ConfigureLogging(builder.Logging, settings.LogFormat);

        // ECS sends SIGKILL 30 s after SIGTERM by default; the leader lease is released well before.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));

        ConfigurationOptions redisOptions;
        try
        {
            redisOptions = RedisAddress.Parse(settings.Redis);
        }
        catch (FormatException exception)
        {
            return Fail(InvalidConfiguration, exception.Message);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        if (!redis.IsConnected)
        {
            return Fail(RedisUnavailable, $"Redis at {RedisAddress.Endpoints(redisOptions)} is unreachable; check ALYX_REDIS and that the server accepts connections from this task.");
        }

        var options = OrchestratorConfiguration.BindOptions(builder.Configuration, settings);
        var ecs = OrchestratorConfiguration.BindEcs(builder.Configuration, settings);
        var shardHost = OrchestratorConfiguration.BindShardHost(builder.Configuration, settings);
        var problems = ConfigurationValueCheck.NameVariables(options.Validate(), OrchestratorConfiguration.Section, new Reconcile.OrchestratorOptions())
            .Concat(settings.LauncherKind == Launchers.LauncherKind.Ecs
                ? ConfigurationValueCheck.NameVariables(ecs.Validate(), OrchestratorConfiguration.EcsSection, new Launchers.Ecs.EcsLauncherOptions())
                : [])
            .ToList();
        if (problems.Count > 0)
        {
            return Fail(InvalidConfiguration, string.Join(Environment.NewLine, problems));
        }

        using var loggerFactory = LoggerFactory.Create(logging => ConfigureLogging(logging, settings.LogFormat));
        OrchestratorMessaging messaging;
        OrchestratorHost orchestrator;
        try
        {
            messaging = OrchestratorComposition.CreateMessaging(settings, builder.Configuration, redis, loggerFactory);
            orchestrator = OrchestratorComposition.CreateHost(
                settings, redis, options, ecs, shardHost, $"{Environment.MachineName}-{Environment.ProcessId}", TimeProvider.System, loggerFactory, messaging);
        }
        catch (Exception exception) when (exception is AwsConfigurationException or ArgumentException)
        {
            return Fail(InvalidConfiguration, exception.Message);
        }

        await using var messagingLifetime = messaging;
        await using (orchestrator)
        {
            using var healthFile = settings.HealthFile is { Length: > 0 } healthPath
                ? new OrchestratorHealthFile(orchestrator.Runner, healthPath, loggerFactory.CreateLogger<OrchestratorHealthFile>())
                : null;
            builder.Services.AddSingleton(orchestrator.Runner);
            builder.Services.AddHostedService<OrchestratorService>();
            if (settings.Metrics)
            {
                // Embedded Metric Format lines on standard output, beside the JSON log lines; awslogs turns them into metrics.
                builder.Services.AddSingleton<IMetricSink>(_ => new EmfMetricSink());
                builder.Services.AddHostedService(services => new OrchestratorMetrics(
                    orchestrator.Runner, orchestrator.State, services.GetRequiredService<IMetricSink>(), settings.Cluster, services.GetRequiredService<ILogger<OrchestratorMetrics>>()));
            }

            using var host = builder.Build();
            await host.RunAsync();
        }

        return 0;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        if (format == "json")
        {
            // One JSON object per line on standard output, which the awslogs driver ships as one event.
            logging.AddJsonConsole(json => json.IncludeScopes = true);
        }
        else
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"alyx-orchestrator: {message}");
        return code;
    }
}

using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Reconcile;
using Microsoft.Extensions.Configuration;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// Reads the orchestrator's configuration. Later sources win: appsettings.json, <c>ALYX_</c>-prefixed variables with
/// <c>__</c> between sections (<c>ALYX_Orchestrator__ResyncInterval</c>), then the short variables below
/// (<c>ALYX_CLUSTER</c>, <c>DISCORD_TOKEN</c> ...). Sections: <c>Orchestrator</c> binds <see cref="OrchestratorSettings"/>
/// and <see cref="OrchestratorOptions"/>, <c>Ecs</c> the ECS launcher's pacing and retries, <c>ShardHost</c> the
/// <see cref="ShardHostSettings"/> of local shard hosts.
/// </summary>
public static class OrchestratorConfiguration
{
    /// <summary>The section of <see cref="OrchestratorSettings"/> and <see cref="OrchestratorOptions"/>.</summary>
    public const string Section = "Orchestrator";

    /// <summary>The section of <see cref="EcsLauncherOptions"/>.</summary>
    public const string EcsSection = "Ecs";

    /// <summary>The section of <see cref="ShardHostSettings"/>.</summary>
    public const string ShardHostSection = "ShardHost";

    /// <summary>
    /// The short variables and the property of the <c>Orchestrator</c> section each one sets: an
    /// <see cref="OrchestratorSettings"/> property, or for <c>ALYX_ROUTE_CHECK_INTERVAL</c> an <see cref="OrchestratorOptions"/> one.
    /// </summary>
    public static IReadOnlyList<(string Variable, string Property)> ShortVariables { get; } =
    [
        ("ALYX_CLUSTER", nameof(OrchestratorSettings.Cluster)),
        ("ALYX_REDIS", nameof(OrchestratorSettings.Redis)),
        ("DISCORD_TOKEN", nameof(OrchestratorSettings.Token)),
        ("ALYX_DISCORD_REST_URL", nameof(OrchestratorSettings.DiscordRestUrl)),
        ("ALYX_LAUNCHER", nameof(OrchestratorSettings.Launcher)),
        ("ALYX_ECS_CLUSTER", nameof(OrchestratorSettings.EcsCluster)),
        ("ALYX_TASK_DEFINITION", nameof(OrchestratorSettings.TaskDefinition)),
        ("ALYX_CONTAINER", nameof(OrchestratorSettings.Container)),
        ("ALYX_SUBNETS", nameof(OrchestratorSettings.Subnets)),
        ("ALYX_SECURITY_GROUPS", nameof(OrchestratorSettings.SecurityGroups)),
        ("ALYX_ASSIGN_PUBLIC_IP", nameof(OrchestratorSettings.AssignPublicIp)),
        ("ALYX_TRANSPORT", nameof(OrchestratorSettings.Transport)),
        ("ALYX_BUS_TOPIC_ARN", nameof(OrchestratorSettings.BusTopicArn)),
        ("ALYX_QUEUE_PREFIX", nameof(OrchestratorSettings.QueuePrefix)),
        ("ALYX_PAYLOAD_BUCKET", nameof(OrchestratorSettings.PayloadBucket)),
        ("ALYX_ALARM_QUEUE_URL", nameof(OrchestratorSettings.AlarmQueueUrl)),
        ("ALYX_LOG_FORMAT", nameof(OrchestratorSettings.LogFormat)),
        ("ALYX_METRICS", nameof(OrchestratorSettings.Metrics)),
        ("ALYX_HEALTH_FILE", nameof(OrchestratorSettings.HealthFile)),
        ("ALYX_ROUTE_CHECK_INTERVAL", nameof(OrchestratorOptions.RouteCheckInterval)),
    ];

    /// <summary>Adds the environment sources in their order of precedence: prefixed variables, then the short ones.</summary>
    public static IConfigurationBuilder AddOrchestratorEnvironment(this IConfigurationBuilder builder, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(getVariable);
        return builder.AddEnvironmentVariables("ALYX_").AddInMemoryCollection(ShortVariableEntries(getVariable));
    }

    /// <summary>Returns the configuration entries (<c>Orchestrator:{Property}</c>) of the short variables that are set.</summary>
    public static IReadOnlyDictionary<string, string?> ShortVariableEntries(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, property) in ShortVariables)
        {
            if (getVariable(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value))
            {
                entries[$"{Section}:{property}"] = value.Trim();
            }
        }

        return entries;
    }

    /// <summary>Binds the <c>Orchestrator</c> section onto <paramref name="settings"/>, whose values stay where a key is absent.</summary>
    /// <exception cref="InvalidOperationException">A value cannot be converted, such as ALYX_ASSIGN_PUBLIC_IP=maybe.</exception>
    public static OrchestratorSettings BindSettings(IConfiguration configuration, OrchestratorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        configuration.GetSection(Section).Bind(settings);
        return settings;
    }

    /// <summary>Returns the reconcile options of the <c>Orchestrator</c> section, for the settings' cluster.</summary>
    public static OrchestratorOptions BindOptions(IConfiguration configuration, OrchestratorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new OrchestratorOptions();
        configuration.GetSection(Section).Bind(options);
        options.Cluster = settings.Cluster;
        return options;
    }

    /// <summary>Returns the ECS launcher options: the <c>Ecs</c> section's pacing and retries with the settings' cluster and network.</summary>
    public static EcsLauncherOptions BindEcs(IConfiguration configuration, OrchestratorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var tuning = new EcsLauncherOptions();
        configuration.GetSection(EcsSection).Bind(tuning);
        return settings.ToEcsOptions(tuning);
    }

    /// <summary>
    /// Returns the shard host settings of the <c>ShardHost</c> section with the settings' token, Discord URL, Redis
    /// address and message transport, so that local hosts use the same bus as the orchestrator.
    /// </summary>
    public static ShardHostSettings BindShardHost(IConfiguration configuration, OrchestratorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var host = new ShardHostSettings();
        configuration.GetSection(ShardHostSection).Bind(host);
        host.Token = settings.Token ?? "";
        host.RestUrl = new Uri(settings.DiscordRestUrl);
        host.Redis = settings.Redis;
        host.Transport = settings.Transport;
        host.BusTopicArn = settings.BusTopicArn;
        host.QueuePrefix = settings.QueuePrefix;
        host.PayloadBucket = settings.PayloadBucket;
        return host;
    }
}

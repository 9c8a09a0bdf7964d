using Alyx.Aws.Configuration;
using Alyx.Aws.Ecs;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Reconcile;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Hosting;

/// <summary>Builds the orchestrator that validated <see cref="OrchestratorSettings"/> describe, for the executable and the CLI.</summary>
public static class OrchestratorComposition
{
    /// <summary>Creates the orchestrator with the settings' launcher.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="redis">The open connection to the settings' Redis.</param>
    /// <param name="options">Reconcile options for the settings' cluster.</param>
    /// <param name="ecs">ECS launcher options; used with the ECS launcher only.</param>
    /// <param name="hostSettings">Token, Discord URL and lease timings; local launchers pass all of it to their hosts.</param>
    /// <param name="candidateId">This orchestrator's id in the leader lease.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="messaging">The route provisioner and alarm listener (<see cref="CreateMessaging"/>), or null for neither.</param>
    /// <exception cref="AwsConfigurationException">The ECS launcher has no AWS region, or AWS_ENDPOINT_URL is invalid.</exception>
    public static OrchestratorHost CreateHost(
        OrchestratorSettings settings, IConnectionMultiplexer redis, OrchestratorOptions options, EcsLauncherOptions ecs, ShardHostSettings hostSettings,
        string candidateId, TimeProvider timeProvider, ILoggerFactory loggerFactory, OrchestratorMessaging? messaging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (settings.LauncherKind != LauncherKind.Ecs)
        {
            return OrchestratorHost.Create(
                redis, options, hostSettings, settings.LauncherKind, candidateId, timeProvider, loggerFactory, routes: messaging?.Routes, alarms: messaging?.Alarms);
        }

        // Region, endpoint (AWS_ENDPOINT_URL) and credentials come from the standard AWS configuration.
        var client = new EcsClient(new AwsClientOptions(), null, loggerFactory.CreateLogger<EcsClient>(), timeProvider);
        var launcher = new EcsShardLauncher(client, ecs, settings.Cluster, timeProvider, loggerFactory.CreateLogger<EcsShardLauncher>(), ownsClient: true);
        return OrchestratorHost.Create(redis, options, hostSettings, launcher, launcher, candidateId, timeProvider, loggerFactory, messaging?.Routes, messaging?.Alarms);
    }

    /// <summary>
    /// Creates the route provisioner (with the <c>sns-sqs</c> transport) and the alarm listener (with an alarm queue) of
    /// the settings; alarm rules come from the configuration's <c>Alarms</c> section.
    /// </summary>
    /// <exception cref="ArgumentException">A transport or alarm setting is invalid; the message names each.</exception>
    /// <exception cref="AwsConfigurationException">An AWS region or endpoint setting is missing or invalid.</exception>
    public static OrchestratorMessaging CreateMessaging(
        OrchestratorSettings settings, IConfiguration configuration, IConnectionMultiplexer redis, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var alarms = OrchestratorMessaging.ReadSettings(configuration).Alarms;
        alarms.QueueUrl = settings.AlarmQueueUrl;
        var messaging = new OrchestratorMessagingSettings
        {
            Transport = settings.Transport,
            BusTopicArn = settings.BusTopicArn,
            QueuePrefix = settings.QueuePrefix,
            PayloadBucket = settings.PayloadBucket,
            Alarms = alarms,
        };
        return OrchestratorMessaging.Create(messaging, settings.Cluster, redis, loggerFactory);
    }
}

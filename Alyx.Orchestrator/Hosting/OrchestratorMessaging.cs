using Alyx.Aws.Configuration;
using Alyx.Coordination.Events;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Reconcile;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// The route provisioner and alarm listener of one orchestrator, built from <see cref="OrchestratorMessagingSettings"/>,
/// with the AWS clients they own. Pass <see cref="Routes"/> and <see cref="Alarms"/> to <see cref="OrchestratorComposition.CreateHost"/>.
/// </summary>
public sealed class OrchestratorMessaging : IAsyncDisposable
{
    private readonly List<IDisposable> _clients;

    private OrchestratorMessaging(IRouteProvisioner? routes, AlarmListener? alarms, List<IDisposable> clients)
    {
        Routes = routes;
        Alarms = alarms;
        _clients = clients;
    }

    /// <summary>The SNS/SQS route provisioner, or null for the Redis transport (the host's default then applies).</summary>
    public IRouteProvisioner? Routes { get; }

    /// <summary>The alarm listener, or null when no alarm queue is set.</summary>
    public AlarmListener? Alarms { get; }

    /// <summary>
    /// Reads the settings from configuration: <c>ALYX_TRANSPORT</c>, <c>ALYX_BUS_TOPIC_ARN</c>, <c>ALYX_QUEUE_PREFIX</c>,
    /// <c>ALYX_PAYLOAD_BUCKET</c>, <c>ALYX_ALARM_QUEUE_URL</c> and the <c>Alarms</c> section (rules as
    /// <c>Alarms:Rules:0:Match</c>, <c>MatchOn</c>, <c>Action</c>, <c>Cooldown</c>).
    /// </summary>
    public static OrchestratorMessagingSettings ReadSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var alarms = new AlarmOptions();
        configuration.GetSection(AlarmOptions.Section).Bind(alarms);
        alarms.QueueUrl = NonEmpty(configuration["ALYX_ALARM_QUEUE_URL"]) ?? alarms.QueueUrl;
        return new OrchestratorMessagingSettings
        {
            Transport = NonEmpty(configuration["ALYX_TRANSPORT"]) ?? MessagingTransportNames.Redis,
            BusTopicArn = NonEmpty(configuration["ALYX_BUS_TOPIC_ARN"]),
            QueuePrefix = NonEmpty(configuration["ALYX_QUEUE_PREFIX"]) ?? "alyx",
            PayloadBucket = NonEmpty(configuration["ALYX_PAYLOAD_BUCKET"]),
            Alarms = alarms,
        };
    }

    /// <summary>Creates the provisioner (for <c>sns-sqs</c>) and the listener (with an alarm queue); AWS settings come from the environment.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names each.</exception>
    /// <exception cref="AwsConfigurationException">An AWS region or endpoint setting is missing or invalid.</exception>
    public static OrchestratorMessaging Create(
        OrchestratorMessagingSettings settings, string cluster, IConnectionMultiplexer redis, ILoggerFactory loggerFactory, AwsClientOptions? aws = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        settings.Validate();
        aws ??= new AwsClientOptions();
        var clients = new List<IDisposable>();
        AmazonSQSClient? sqs = null;
        AmazonSQSClient Sqs() => sqs ??= Track(clients, AwsSdkClients.CreateSqs(aws));

        IRouteProvisioner? routes = null;
        if (settings.Transport == MessagingTransportNames.SnsSqs)
        {
            var sns = Track(clients, new Aws.Sns.SnsClient(aws, null, loggerFactory.CreateLogger<Aws.Sns.SnsClient>()));
            routes = new SqsRouteProvisioner(
                Sqs(), sns, new SqsRouteOptions { Cluster = cluster, BusTopicArn = settings.BusTopicArn!, QueuePrefix = settings.QueuePrefix },
                loggerFactory.CreateLogger<SqsRouteProvisioner>());
        }

        AlarmListener? alarms = null;
        if (settings.Alarms.QueueUrl is not null)
        {
            var keys = new ClusterKeys(cluster);
            alarms = new AlarmListener(
                Sqs(), settings.Alarms, cluster, new RedisClusterStateStore(redis, keys), new RestartRequests(redis, keys),
                new AlarmCooldowns(redis, keys), new RedisEventLog(redis, keys, new EventLogOptions(), TimeProvider.System),
                loggerFactory.CreateLogger<AlarmListener>());
        }

        return new OrchestratorMessaging(routes, alarms, clients);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static T Track<T>(List<IDisposable> clients, T client)
        where T : IDisposable
    {
        clients.Add(client);
        return client;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using System.CommandLine;
using System.Globalization;
using Alyx.Aws.Configuration;
using Alyx.Cli.Common;
using Alyx.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alyx.Cli.Hosting;

/// <summary>The definition and handler of <c>alyx orchestrator run</c>.</summary>
public static class OrchestratorCommand
{
    /// <summary>Environment variable with the bot token.</summary>
    public const string TokenVariable = "DISCORD_TOKEN";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cluster = CommonOptions.Cluster();
        var redis = CommonOptions.Redis("The cluster's Redis.");
        var launcher = Text("--launcher", "Where shard hosts run: in-process, process (one child process per shard) or ecs (one ECS task per shard). Default process (env ALYX_LAUNCHER).");
        launcher.AcceptOnlyFromAmong("in-process", "process", "ecs");
        var discordApi = Text("--discord-api", "The Discord REST base URL. Default https://discord.com/api/v10/ (env ALYX_DISCORD_REST_URL).");
        var ecsCluster = Text("--ecs-cluster", "The ECS cluster name or ARN that runs the shard tasks; required with --launcher ecs (env ALYX_ECS_CLUSTER).");
        var taskDefinition = Text("--task-definition", "The shard task definition as FAMILY, FAMILY:REV or an ARN; required with --launcher ecs (env ALYX_TASK_DEFINITION).");
        var container = Text("--container", "The shard host's container in the task definition. Default shard (env ALYX_CONTAINER).");
        var subnets = Text("--subnets", "Comma-separated subnet ids of the shard tasks, 1 to 16; required with --launcher ecs (env ALYX_SUBNETS).");
        var securityGroups = Text("--security-groups", "Comma-separated security group ids of the shard tasks, 1 to 5; required with --launcher ecs (env ALYX_SECURITY_GROUPS).");
        var assignPublicIp = new Option<bool?>("--assign-public-ip") { Description = "Give each shard task a public IP address. Default false (env ALYX_ASSIGN_PUBLIC_IP).", Arity = ArgumentArity.ZeroOrOne };
        var transport = Text("--transport", "The message bus: redis or sns-sqs. Default redis (env ALYX_TRANSPORT).");
        transport.AcceptOnlyFromAmong("redis", "sns-sqs");
        var busTopicArn = Text("--bus-topic-arn", "The SNS topic ARN of the message bus; required with --transport sns-sqs (env ALYX_BUS_TOPIC_ARN).");
        var queuePrefix = Text("--queue-prefix", "The prefix of the per-shard SQS queue names. Default alyx (env ALYX_QUEUE_PREFIX).");
        var payloadBucket = Text("--payload-bucket", "The S3 bucket for payloads over the SNS/SQS size limit. Default none (env ALYX_PAYLOAD_BUCKET).");
        var alarmQueueUrl = Text("--alarm-queue-url", "The SQS queue URL of CloudWatch alarm notifications. Default none, alarms off (env ALYX_ALARM_QUEUE_URL).");
        var logFormat = Text("--log-format", "text, or json for one JSON object per line. Default text (env ALYX_LOG_FORMAT).");
        logFormat.AcceptOnlyFromAmong("text", "json");
        var routeCheckInterval = CommonOptions.Seconds(new Option<double?>("--route-check-interval")
        {
            Description = "Seconds between checks that put back a shard queue or subscription deleted or changed behind the orchestrator's back. "
                + "Default 300 (env ALYX_ROUTE_CHECK_INTERVAL, in the form hh:mm:ss).",
        });
        var verbose = new Option<bool>("--verbose") { Description = "Log information messages to standard error." };
        var run = new Command("run", $"Runs an orchestrator for the cluster until Ctrl+C; it reconciles while it holds the leader lease. The bot token comes from {TokenVariable}; the AWS region and endpoint from AWS_REGION and AWS_ENDPOINT_URL.")
        {
            cluster, redis, launcher, discordApi, ecsCluster, taskDefinition, container, subnets, securityGroups, assignPublicIp,
            transport, busTopicArn, queuePrefix, payloadBucket, alarmQueueUrl, logFormat, routeCheckInterval, verbose,
        };
        run.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync("alyx orchestrator run", parseResult.InvocationConfiguration.Error, async () =>
        {
            // Defaults of the CLI, then the environment, then the options given on the command line.
            var builder = new ConfigurationBuilder().AddOrchestratorEnvironment(Environment.GetEnvironmentVariable);
            if (parseResult.GetValue(routeCheckInterval) is { } seconds)
            {
                builder.AddInMemoryCollection([RouteCheckIntervalEntry(seconds)]);
            }

            var configuration = builder.Build();
            var settings = Bind(configuration);
            settings.Cluster = parseResult.GetValue(cluster)!;
            settings.Redis = parseResult.GetValue(redis) ?? settings.Redis;
            settings.Launcher = parseResult.GetValue(launcher) ?? settings.Launcher;
            settings.DiscordRestUrl = parseResult.GetValue(discordApi) ?? settings.DiscordRestUrl;
            settings.EcsCluster = parseResult.GetValue(ecsCluster) ?? settings.EcsCluster;
            settings.TaskDefinition = parseResult.GetValue(taskDefinition) ?? settings.TaskDefinition;
            settings.Container = parseResult.GetValue(container) ?? settings.Container;
            settings.Subnets = parseResult.GetValue(subnets) ?? settings.Subnets;
            settings.SecurityGroups = parseResult.GetValue(securityGroups) ?? settings.SecurityGroups;
            settings.AssignPublicIp = parseResult.GetResult(assignPublicIp) is null ? settings.AssignPublicIp : parseResult.GetValue(assignPublicIp) ?? true;
            settings.Transport = parseResult.GetValue(transport) ?? settings.Transport;
            settings.BusTopicArn = parseResult.GetValue(busTopicArn) ?? settings.BusTopicArn;
            settings.QueuePrefix = parseResult.GetValue(queuePrefix) ?? settings.QueuePrefix;
            settings.PayloadBucket = parseResult.GetValue(payloadBucket) ?? settings.PayloadBucket;
            settings.AlarmQueueUrl = parseResult.GetValue(alarmQueueUrl) ?? settings.AlarmQueueUrl;
            settings.LogFormat = parseResult.GetValue(logFormat) ?? settings.LogFormat;
            return await RunAsync(settings, configuration, parseResult.GetValue(verbose), parseResult.InvocationConfiguration.Output, cancellationToken);
        }));
        return new Command("orchestrator", "Runs the orchestrator service.") { run };
    }

    private static Option<string?> Text(string name, string description) => new(name) { Description = description };

    // The reconcile options bind from configuration, so the option becomes the last configuration source.
    private static KeyValuePair<string, string?> RouteCheckIntervalEntry(double seconds) =>
        new($"{OrchestratorConfiguration.Section}:{nameof(Orchestrator.Reconcile.OrchestratorOptions.RouteCheckInterval)}",
            TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture));

    private static OrchestratorSettings Bind(IConfiguration configuration)
    {
        var invalid = ConfigurationValueCheck.FindInvalidValues(configuration);
        if (invalid.Count > 0)
        {
            throw new CliException(ExitCodes.InvalidInput, string.Join(" ", invalid));
        }

        try
        {
            return OrchestratorConfiguration.BindSettings(configuration, new OrchestratorSettings { Launcher = "process", LogFormat = "text" });
        }
        catch (InvalidOperationException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "An ALYX_ variable is invalid: " + exception.Message, exception);
        }
    }

    private static async Task<int> RunAsync(OrchestratorSettings settings, IConfiguration configuration, bool verbose, TextWriter output, CancellationToken cancellationToken)
    {
        ClusterName.Keys(settings.Cluster);
        var options = OrchestratorConfiguration.BindOptions(configuration, settings);
        var ecs = OrchestratorConfiguration.BindEcs(configuration, settings);
        var failures = settings.Validate().ToList();
        if (failures.Count == 0)
        {
            failures.AddRange(settings.LauncherKind == Orchestrator.Launchers.LauncherKind.Ecs
                ? ConfigurationValueCheck.NameVariables(ecs.Validate(), OrchestratorConfiguration.EcsSection, new Orchestrator.Launchers.Ecs.EcsLauncherOptions())
                : []);
        }

        failures.AddRange(ConfigurationValueCheck.NameVariables(options.Validate(), OrchestratorConfiguration.Section, new Orchestrator.Reconcile.OrchestratorOptions()));

        if (failures.Count > 0)
        {
            throw new CliException(ExitCodes.InvalidInput, string.Join(Environment.NewLine + "  ", failures.Prepend("invalid settings:")));
        }

        await using var connection = await CommandRunner.ConnectAsync(settings.Redis);
        var shardHost = OrchestratorConfiguration.BindShardHost(configuration, settings);
        using var loggerFactory = settings.LogFormat == "json"
            ? LoggerFactory.Create(logging => logging
                .AddJsonConsole(json => json.IncludeScopes = true)
                .AddFilter(level => level >= (verbose ? LogLevel.Information : LogLevel.Warning))
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
            : CliLogging.Create(verbose);
        OrchestratorMessaging messaging;
        OrchestratorHost host;
        try
        {
            messaging = OrchestratorComposition.CreateMessaging(settings, configuration, connection, loggerFactory);
            host = OrchestratorComposition.CreateHost(
                settings, connection, options, ecs, shardHost, $"{Environment.MachineName}-{Environment.ProcessId}", TimeProvider.System, loggerFactory, messaging);
        }
        catch (Exception exception) when (exception is AwsConfigurationException or ArgumentException)
        {
            // Invalid transport or alarm settings are the user's input, so they end with one line and InvalidInput.
            throw new CliException(ExitCodes.InvalidInput, exception.Message, exception);
        }

        await using var messagingLifetime = messaging;

        await using (host)
        {
            await output.WriteLineAsync($"orchestrator for cluster {settings.Cluster} running with the {settings.Launcher} launcher; Ctrl+C stops it"
                + (settings.LauncherKind == Orchestrator.Launchers.LauncherKind.Ecs ? " (ECS tasks keep running)" : " and its shards"));
            await host.Runner.RunAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }
}

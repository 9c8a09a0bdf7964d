using System.CommandLine;
using Alyx.Cli.Common;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;

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
        var launcher = new Option<string>("--launcher") { Description = "Where shard hosts run: in-process, or process (one child process per shard).", DefaultValueFactory = _ => "process" };
        launcher.AcceptOnlyFromAmong("in-process", "process");
        var discordApi = CommonOptions.DiscordApi("The Discord REST base URL.", () => new Uri("https://discord.com/api/v10/"));
        var verbose = new Option<bool>("--verbose") { Description = "Log information messages to standard error." };
        var run = new Command("run", $"Runs an orchestrator for the cluster until Ctrl+C; it reconciles while it holds the leader lease. The bot token comes from {TokenVariable}.")
        {
            cluster, redis, launcher, discordApi, verbose,
        };
        var messagingOptions = new MessagingRunOptions();
        messagingOptions.AddTo(run);
        run.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync("alyx orchestrator run", parseResult.InvocationConfiguration.Error, async () =>
        {
            var name = parseResult.GetValue(cluster)!;
            ClusterName.Keys(name);
            var token = Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                throw new CliException(ExitCodes.InvalidInput, $"{TokenVariable} is missing: set it to the bot token.");
            }

            var address = parseResult.GetValue(redis);
            await using var connection = await CommandRunner.ConnectAsync(address);
            var settings = new ShardHostSettings { Token = token, RestUrl = parseResult.GetValue(discordApi)!, Redis = address! };
            var kind = parseResult.GetValue(launcher) == "in-process" ? LauncherKind.InProcess : LauncherKind.Process;
            using var loggerFactory = CliLogging.Create(parseResult.GetValue(verbose));
            var messagingSettings = messagingOptions.Read(parseResult);
            (settings.Transport, settings.BusTopicArn, settings.QueuePrefix, settings.PayloadBucket) =
                (messagingSettings.Transport, messagingSettings.BusTopicArn, messagingSettings.QueuePrefix, messagingSettings.PayloadBucket);
            await using var messaging = CreateMessaging(messagingSettings, name, connection, loggerFactory);
            await using var host = OrchestratorHost.Create(
                connection, new OrchestratorOptions { Cluster = name }, settings, kind, $"{Environment.MachineName}-{Environment.ProcessId}", TimeProvider.System, loggerFactory,
                routes: messaging.Routes, alarms: messaging.Alarms);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"orchestrator for cluster {name} running; Ctrl+C stops it and its shards");
            await host.Runner.RunAsync(cancellationToken);
            return ExitCodes.Success;
        }));
        return new Command("orchestrator", "Runs the orchestrator service.") { run };
    }

    // Invalid transport or alarm settings are the user's input, so they end with InvalidInput and one line.
    private static OrchestratorMessaging CreateMessaging(
        OrchestratorMessagingSettings settings, string cluster, StackExchange.Redis.IConnectionMultiplexer redis, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory)
    {
        try
        {
            return OrchestratorMessaging.Create(settings, cluster, redis, loggerFactory);
        }
        catch (Exception exception) when (exception is ArgumentException or Aws.Configuration.AwsConfigurationException)
        {
            throw new CliException(ExitCodes.InvalidInput, exception.Message, exception);
        }
    }
}

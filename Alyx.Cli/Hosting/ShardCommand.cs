using System.CommandLine;
using Alyx.Shard.Hosting;
using Alyx.Shard.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alyx.Cli.Hosting;

/// <summary>The definition and handler of <c>alyx shard run</c>.</summary>
public static class ShardCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var run = new Command("run", "Runs one shard host in this process, configured by the ALYX_* variables the orchestrator sets (ALYX_CLUSTER, ALYX_SHARD_SET, ALYX_SHARD_ID, ALYX_SHARD_COUNT, ALYX_TOKEN, ALYX_REDIS ...). The exit code is the shard host's.");
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            IHost host;
            try
            {
                host = ShardHostBuilder.Create([], Environment.GetEnvironmentVariable).Build();
            }
            catch (Exception exception) when (exception is InvalidOperationException or PluginLoadException)
            {
                await error.WriteLineAsync("alyx shard run: " + exception.Message);
                return (int)(exception is PluginLoadException ? ShardExitCode.PluginLoadFailed : ShardExitCode.InvalidConfiguration);
            }

            using (host)
            {
                var exit = host.Services.GetRequiredService<ShardExit>();
                try
                {
                    await host.RunAsync(cancellationToken);
                }
                catch (OptionsValidationException exception)
                {
                    await error.WriteLineAsync("alyx shard run: invalid configuration: " + string.Join(" ", exception.Failures));
                    return (int)ShardExitCode.InvalidConfiguration;
                }

                return (int)exit.Code;
            }
        });
        return new Command("shard", "Runs a shard host.") { run };
    }
}

using Alyx.Shard.Hosting;
using Alyx.Shard.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alyx.Shard;

/// <summary>The shard host process: one shard of one cluster, as the orchestrator launches it.</summary>
public static class Program
{
    /// <summary>Runs the host and returns a <see cref="ShardExitCode"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        IHost host;
        try
        {
            host = ShardHostBuilder.Create(args, Environment.GetEnvironmentVariable).Build();
        }
        catch (InvalidOperationException exception)
        {
            return Fail(ShardExitCode.InvalidConfiguration, exception.Message);
        }
        catch (PluginLoadException exception)
        {
            return Fail(ShardExitCode.PluginLoadFailed, exception.Message);
        }

        using (host)
        {
            // RunAsync disposes the container, so the exit holder is taken before.
            var exit = host.Services.GetRequiredService<ShardExit>();
            try
            {
                await host.RunAsync();
            }
            catch (OptionsValidationException exception)
            {
                return Fail(ShardExitCode.InvalidConfiguration, "Invalid configuration: " + string.Join(" ", exception.Failures));
            }

            return (int)exit.Code;
        }
    }

    private static int Fail(ShardExitCode code, string reason)
    {
        Console.Error.WriteLine($"alyx-shard: exit {(int)code} ({code}): {reason}");
        return (int)code;
    }
}

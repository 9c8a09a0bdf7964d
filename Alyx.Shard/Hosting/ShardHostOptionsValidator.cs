using Alyx.Coordination.Redis;
using Microsoft.Extensions.Options;

namespace Alyx.Shard.Hosting;

/// <summary>Checks <see cref="ShardHostOptions"/> at start and names every invalid setting.</summary>
public sealed class ShardHostOptionsValidator : IValidateOptions<ShardHostOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ShardHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add("Shard:Token (ALYX_TOKEN) is missing: set the bot token.");
        }

        if (!options.RestUrl.IsAbsoluteUri || options.RestUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"Shard:RestUrl '{options.RestUrl}' is invalid: use an http:// or https:// URL such as https://discord.com/api/v10/.");
        }

        if (options.GatewayUrl is { } gateway && (!gateway.IsAbsoluteUri || gateway.Scheme is not ("ws" or "wss")))
        {
            failures.Add($"Shard:GatewayUrl '{gateway}' is invalid: use a ws:// or wss:// URL, or leave it unset to ask GET /gateway/bot.");
        }

        if (options.Intents < 0)
        {
            failures.Add($"Shard:Intents {options.Intents} is invalid: use a non-negative intents bitfield.");
        }

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.Add("Shard:Redis (ALYX_REDIS) is missing: set host:port of the cluster's Redis.");
        }
        else
        {
            try
            {
                RedisAddress.Parse(options.Redis);
            }
            catch (FormatException exception)
            {
                failures.Add("Shard:Redis (ALYX_REDIS): " + exception.Message);
            }
        }

        if (options.PluginsPath is { Length: > 0 } path && !Directory.Exists(path))
        {
            failures.Add($"Shard:PluginsPath '{path}' does not exist: create it or unset ALYX_PLUGINS_PATH.");
        }

        var lease = options.ToLeaseOptions().Validate();
        failures.AddRange(lease.Select(failure => failure.Replace("Leases:", "Shard:Lease", StringComparison.Ordinal)));

        if (options.SilentSessionTimeout < TimeSpan.Zero)
        {
            failures.Add($"Shard:SilentSessionTimeout {options.SilentSessionTimeout} is invalid: use 0 (no wait) or more (50 s against Discord).");
        }

        if (options.IdentifyMargin < TimeSpan.FromMilliseconds(2))
        {
            failures.Add($"Shard:IdentifyMargin {options.IdentifyMargin} is invalid: use at least 2 ms (100 ms against Discord).");
        }

        if (options.IdentifyWindow <= TimeSpan.Zero)
        {
            failures.Add($"Shard:IdentifyWindow {options.IdentifyWindow} is invalid: it must be positive.");
        }

        if (options.DrainTimeout <= TimeSpan.Zero || options.DrainTimeout >= options.ShutdownTimeout)
        {
            failures.Add($"Shard:DrainTimeout {options.DrainTimeout} is invalid: it must be positive and less than "
                + $"Shard:ShutdownTimeout {options.ShutdownTimeout}, which leaves time to save the session and release the lease.");
        }

        if (options.SessionHandoverTimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"Shard:SessionHandoverTimeToLive {options.SessionHandoverTimeToLive} is invalid: it must be positive.");
        }

        if (options.StatusInterval < TimeSpan.FromMilliseconds(50))
        {
            failures.Add($"Shard:StatusInterval {options.StatusInterval} is invalid: use at least 50 ms.");
        }

        if (options.HealthFile is { Length: > 0 } healthFile && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(healthFile))))
        {
            failures.Add($"Shard:HealthFile '{healthFile}' is in a folder that does not exist: create the folder or unset ALYX_HEALTH_FILE.");
        }

        if (options.ActiveSetPollInterval < TimeSpan.FromMilliseconds(10))
        {
            failures.Add($"Shard:ActiveSetPollInterval {options.ActiveSetPollInterval} is invalid: use at least 10 ms, and less than the orchestrator's cutover notice.");
        }

        if (string.IsNullOrWhiteSpace(options.TaskId))
        {
            failures.Add("Shard:TaskId (ALYX_TASK_ID) is empty: set it or leave it unset for host name and process id.");
        }

        if (options.Transport is not ("redis" or "sns-sqs"))
        {
            failures.Add($"Shard:Transport (ALYX_TRANSPORT) '{options.Transport}' is invalid: use redis or sns-sqs.");
        }
        else if (options.Transport == "sns-sqs" && string.IsNullOrWhiteSpace(options.BusTopicArn))
        {
            failures.Add("Shard:BusTopicArn (ALYX_BUS_TOPIC_ARN) is missing: the sns-sqs transport needs the cluster's bus topic ARN.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

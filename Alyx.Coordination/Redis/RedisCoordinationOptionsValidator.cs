using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Alyx.Coordination.Redis;

/// <summary>Checks <see cref="RedisCoordinationOptions"/> and names every invalid property.</summary>
public sealed partial class RedisCoordinationOptionsValidator : IValidateOptions<RedisCoordinationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RedisCoordinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Endpoints))
        {
            failures.Add("Redis:Endpoints is empty: set it to host:port, such as 127.0.0.1:6379.");
        }
        else
        {
            try
            {
                RedisAddress.Parse(options.Endpoints);
            }
            catch (FormatException exception)
            {
                failures.Add("Redis:Endpoints: " + exception.Message);
            }
        }

        if (!ClusterNamePattern().IsMatch(options.Cluster ?? string.Empty))
        {
            failures.Add($"Redis:Cluster '{options.Cluster}' is invalid: use 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (options.KeyPrefix is null || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"Redis:KeyPrefix '{options.KeyPrefix}' is invalid: it must be set and contain no braces.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Redis:ConnectTimeout {options.ConnectTimeout} is invalid: it must be positive.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Redis:CommandTimeout {options.CommandTimeout} is invalid: it must be positive.");
        }

        if (options.Database < 0)
        {
            failures.Add($"Redis:Database {options.Database} is invalid: it must be 0 or more.");
        }

        if (options.TlsHost is not null && !options.UseTls)
        {
            failures.Add("Redis:TlsHost is set but Redis:UseTls is false: set UseTls to true or remove TlsHost.");
        }

        if (options.Password is null && options.User is not null)
        {
            failures.Add($"Redis:User '{options.User}' is set without Redis:Password: ACL users need a password.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClusterNamePattern();
}

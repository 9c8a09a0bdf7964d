using Amazon.Runtime.CredentialManagement;

namespace Alyx.Aws.Configuration;

/// <summary>Resolves the region from explicit configuration, the standard variables or the shared config files.</summary>
public static class AwsRegionResolver
{
    /// <summary>
    /// Returns <paramref name="configured"/> when set, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else
    /// the <c>region</c> of the profile named by <c>AWS_PROFILE</c> (or <c>default</c>) in the shared AWS files.
    /// </summary>
    /// <param name="configured">The region from the client's options, or null.</param>
    /// <param name="getVariable">Reads an environment variable; tests pass a dictionary lookup.</param>
    /// <param name="profiles">The profile store; null reads <c>~/.aws/config</c> and <c>~/.aws/credentials</c>.</param>
    /// <exception cref="AwsConfigurationException">No region is configured anywhere.</exception>
    public static string Resolve(string? configured, Func<string, string?> getVariable, ICredentialProfileSource? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = getVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        var profileName = getVariable("AWS_PROFILE") is { Length: > 0 } named ? named : "default";
        if ((profiles ?? new CredentialProfileStoreChain()).TryGetProfile(profileName, out var profile) && profile.Region is not null)
        {
            return profile.Region.SystemName;
        }

        throw new AwsConfigurationException(
            $"No AWS region is configured; set AWS_REGION (for example us-east-1), the client's Region option, or region in profile '{profileName}'.");
    }
}

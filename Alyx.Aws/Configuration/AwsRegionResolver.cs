namespace Alyx.Aws.Configuration;

/// <summary>Resolves the region from explicit configuration or the standard variables.</summary>
public static class AwsRegionResolver
{
    /// <summary>
    /// Returns <paramref name="configured"/> when set, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>.
    /// </summary>
    /// <exception cref="AwsConfigurationException">No region is configured anywhere.</exception>
    public static string Resolve(string? configured, Func<string, string?> getVariable)
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

        throw new AwsConfigurationException(
            "No AWS region is configured; set AWS_REGION (for example us-east-1) or the client's Region option.");
    }
}

namespace Alyx.Aws.Configuration;

/// <summary>
/// Resolves the endpoint of an AWS service the way the AWS SDKs' shared configuration does: a per-service
/// <c>AWS_ENDPOINT_URL_{SERVICE}</c> variable first, then the global <c>AWS_ENDPOINT_URL</c>, then the public
/// regional endpoint <c>https://{endpointPrefix}.{region}.amazonaws.com/</c>. Emulators and VPC endpoints are
/// reached by setting one of the variables.
/// </summary>
public static class AwsEndpointResolver
{
    /// <summary>The variable that overrides the endpoint of every service.</summary>
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>
    /// Returns the endpoint for a service.
    /// </summary>
    /// <param name="serviceId">
    /// The service's SDK id as used in the per-service variable name, such as <c>ECS</c>, <c>SNS</c> or
    /// <c>CloudWatch</c>; spaces become underscores and letters are upper-cased.
    /// </param>
    /// <param name="endpointPrefix">The host prefix of the public endpoint, such as <c>ecs</c> or <c>monitoring</c>.</param>
    /// <param name="region">The region code, such as <c>us-east-1</c>.</param>
    /// <param name="getVariable">Reads an environment variable; tests pass a dictionary lookup.</param>
    /// <exception cref="AwsConfigurationException">A variable holds something other than an absolute http(s) URL.</exception>
    public static Uri Resolve(string serviceId, string endpointPrefix, string region, Func<string, string?> getVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(getVariable);

        var serviceVariable = $"{GlobalEndpointVariable}_{serviceId.Replace(' ', '_').ToUpperInvariant()}";
        foreach (var variable in new[] { serviceVariable, GlobalEndpointVariable })
        {
            var value = getVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return ParseOverride(variable, value);
            }
        }

        return new Uri($"https://{endpointPrefix}.{region}.amazonaws.com/");
    }

    private static Uri ParseOverride(string variable, string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AwsConfigurationException(
                $"{variable}='{value}' is not an absolute http or https URL; set it to an endpoint such as http://127.0.0.1:5555 or unset it.");
        }

        return uri;
    }
}

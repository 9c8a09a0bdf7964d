using Amazon.Runtime;

namespace Alyx.Aws.Configuration;

/// <summary>
/// Settings shared by every Alyx.Aws client. Unset values come from the standard AWS configuration: the region from
/// <c>AWS_REGION</c> (then <c>AWS_DEFAULT_REGION</c>), the endpoint from <c>AWS_ENDPOINT_URL_{SERVICE}</c> or
/// <c>AWS_ENDPOINT_URL</c>, and credentials from AWSSDK.Core's default chain.
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>The region code, such as <c>us-east-1</c>. Default: null, which reads <c>AWS_REGION</c>.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// The service endpoint, such as <c>http://127.0.0.1:5555</c> for an emulator. Default: null, which reads the
    /// endpoint variables and falls back to the public regional endpoint.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>
    /// The credentials to sign with. Default: null, which resolves AWSSDK.Core's default chain (environment, profile,
    /// web identity, ECS container credentials, instance metadata). Refreshing credentials renew themselves before expiry.
    /// </summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>The time one HTTP attempt may take before it is abandoned and retried. Default: 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The total number of attempts per call, the first included. Default: 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The backoff before the first retry; each retry doubles it, then full jitter applies. Default: 100 ms.</summary>
    public TimeSpan BaseRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap on one backoff delay (botocore uses 20 s as well). Default: 20 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Returns options for a fixed endpoint and static credentials, the usual shape for emulators and tests.</summary>
    public static AwsClientOptions ForEndpoint(Uri endpoint, string region, string accessKeyId, string secretAccessKey) =>
        new()
        {
            Endpoint = endpoint,
            Region = region,
            Credentials = new BasicAWSCredentials(accessKeyId, secretAccessKey),
        };

    /// <summary>Checks every setting and throws one exception that names each invalid property.</summary>
    /// <exception cref="AwsConfigurationException">At least one property is invalid.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (Region is not null && string.IsNullOrWhiteSpace(Region))
        {
            failures.Add("Region is blank; set a region code such as us-east-1 or leave it null to read AWS_REGION.");
        }

        if (Endpoint is not null && (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Endpoint '{Endpoint}' is not an absolute http or https URL.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"RequestTimeout is {RequestTimeout}; it must be positive.");
        }

        if (MaxAttempts < 1)
        {
            failures.Add($"MaxAttempts is {MaxAttempts}; it must be at least 1 (1 turns retries off).");
        }

        if (BaseRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"BaseRetryDelay is {BaseRetryDelay}; it must not be negative.");
        }

        if (MaxRetryDelay < BaseRetryDelay)
        {
            failures.Add($"MaxRetryDelay ({MaxRetryDelay}) is less than BaseRetryDelay ({BaseRetryDelay}).");
        }

        if (failures.Count > 0)
        {
            throw new AwsConfigurationException("Invalid AWS client options: " + string.Join(" ", failures));
        }
    }
}

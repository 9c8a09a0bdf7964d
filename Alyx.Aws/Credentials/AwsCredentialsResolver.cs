using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Alyx.Aws.Configuration;

namespace Alyx.Aws.Credentials;

/// <summary>Finds the credentials a client signs with.</summary>
public static class AwsCredentialsResolver
{
    // One resolver for the process: it caches what it found and watches the shared credentials file, and the
    // credentials it returns may depend on it, so it is never disposed.
    private static readonly DefaultAWSCredentialsIdentityResolver DefaultChain = new();

    /// <summary>
    /// Returns the configured credentials, or resolves AWSSDK.Core's default chain: environment variables, the shared
    /// profile, web identity, ECS container credentials, then instance metadata (off when
    /// <c>AWS_EC2_METADATA_DISABLED=true</c>). The returned object renews temporary credentials before they expire,
    /// because the signer fetches fresh values from it on every request.
    /// </summary>
    /// <exception cref="AwsConfigurationException">The default chain finds no credentials.</exception>
    public static async Task<AWSCredentials> ResolveAsync(AWSCredentials? configured, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return configured;
        }

        try
        {
            return await DefaultChain.ResolveIdentityAsync(null, cancellationToken);
        }
        catch (AmazonClientException error)
        {
            throw new AwsConfigurationException(
                $"No AWS credentials found by the default chain ({error.Message}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with a task role.");
        }
    }
}

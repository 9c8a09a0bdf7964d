using Alyx.Aws.Credentials;
using Amazon.Runtime;

namespace Alyx.Aws.Tests.Credentials;

public sealed class AwsCredentialsResolverTests
{
    [Fact]
    public async Task ResolveAsync_Configured_ReturnsIt()
    {
        var configured = new BasicAWSCredentials("AKIDCONFIGURED", "secret");

        var resolved = await AwsCredentialsResolver.ResolveAsync(configured, CancellationToken.None);

        Assert.Same(configured, resolved);
    }

    [Fact]
    public async Task ResolveAsync_DefaultChain_ReadsEnvironmentVariables()
    {
        // scripts/test exports AWS_ACCESS_KEY_ID=test and turns the metadata probe off, so the chain stops at the
        // environment and never reaches a metadata address.
        Assert.Equal("true", Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"));

        var resolved = await AwsCredentialsResolver.ResolveAsync(null, CancellationToken.None);
        var immutable = await resolved.GetCredentialsAsync();

        Assert.Equal(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), immutable.AccessKey);
    }
}

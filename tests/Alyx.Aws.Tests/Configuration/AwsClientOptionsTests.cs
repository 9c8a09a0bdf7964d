using Alyx.Aws.Configuration;
using Amazon.Runtime.CredentialManagement;

namespace Alyx.Aws.Tests.Configuration;

public sealed class AwsClientOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new AwsClientOptions().Validate();
    }

    [Fact]
    public void Validate_SeveralInvalid_NamesEachProperty()
    {
        var options = new AwsClientOptions
        {
            Region = " ",
            Endpoint = new Uri("ftp://127.0.0.1/"),
            RequestTimeout = TimeSpan.Zero,
            MaxAttempts = 0,
            BaseRetryDelay = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<AwsConfigurationException>(options.Validate);

        Assert.Contains("Region", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoint 'ftp://127.0.0.1/'", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxAttempts is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegionResolver_NothingConfigured_ThrowsWithFix()
    {
        var emptyProfiles = new SharedCredentialsFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "credentials"));

        var error = Assert.Throws<AwsConfigurationException>(() => AwsRegionResolver.Resolve(null, _ => null, emptyProfiles));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegionResolver_DefaultRegionOnly_UsesIt()
    {
        var variables = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "eu-west-1" };

        Assert.Equal("eu-west-1", AwsRegionResolver.Resolve(null, variables.GetValueOrDefault));
    }

    [Fact]
    public void RegionResolver_ProfileRegion_UsesNamedProfile()
    {
        var directory = Directory.CreateTempSubdirectory("alyx-aws-profile");
        try
        {
            var credentialsPath = Path.Combine(directory.FullName, "credentials");
            File.WriteAllText(credentialsPath, "[default]\nregion = us-west-2\n\n[alyx]\nregion = eu-central-1\naws_access_key_id = test\naws_secret_access_key = test\n");
            var variables = new Dictionary<string, string> { ["AWS_PROFILE"] = "alyx" };

            var region = AwsRegionResolver.Resolve(null, variables.GetValueOrDefault, new SharedCredentialsFile(credentialsPath));

            Assert.Equal("eu-central-1", region);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void RegionResolver_Configured_WinsOverVariables()
    {
        var variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" };

        Assert.Equal("ap-south-1", AwsRegionResolver.Resolve("ap-south-1", variables.GetValueOrDefault));
    }
}

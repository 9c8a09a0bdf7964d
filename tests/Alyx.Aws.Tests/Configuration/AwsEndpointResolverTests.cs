using Alyx.Aws.Configuration;

namespace Alyx.Aws.Tests.Configuration;

public sealed class AwsEndpointResolverTests
{
    [Fact]
    public void Resolve_NoOverride_ReturnsRegionalEndpoint()
    {
        var endpoint = AwsEndpointResolver.Resolve("CloudWatch", "monitoring", "eu-west-1", _ => null);

        Assert.Equal(new Uri("https://monitoring.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Fact]
    public void Resolve_GlobalOverride_ReturnsIt()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5555" };

        var endpoint = AwsEndpointResolver.Resolve("ECS", "ecs", "us-east-1", variables.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:5555"), endpoint);
    }

    [Fact]
    public void Resolve_ServiceOverride_WinsOverGlobal()
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5555",
            ["AWS_ENDPOINT_URL_SNS"] = "http://127.0.0.1:6666",
        };

        var endpoint = AwsEndpointResolver.Resolve("SNS", "sns", "us-east-1", variables.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:6666"), endpoint);
    }

    [Fact]
    public void Resolve_InvalidOverride_ThrowsNamingVariableAndValue()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = "localhost:5555" };

        var error = Assert.Throws<AwsConfigurationException>(
            () => AwsEndpointResolver.Resolve("ECS", "ecs", "us-east-1", variables.GetValueOrDefault));

        Assert.Contains("AWS_ENDPOINT_URL_ECS='localhost:5555'", error.Message, StringComparison.Ordinal);
    }
}

using Alyx.Aws.Configuration;
using Alyx.Aws.Sns;
using Alyx.TestSupport;
using Amazon.Runtime;
using Amazon.SQS;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>SQS and SNS clients aimed at the moto_server of scripts/test, with static credentials.</summary>
internal static class MotoClients
{
    public static AmazonSQSClient Sqs() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = TestServices.MotoEndpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });

    public static SnsClient Sns() => new(AwsClientOptions.ForEndpoint(TestServices.MotoEndpoint, "us-east-1", "test", "test") with { MaxAttempts = 2 });
}

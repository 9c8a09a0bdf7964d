using Alyx.Aws.Configuration;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>Client settings shared by the botocore conformance tests: fixed credentials, clock and endpoint.</summary>
internal static class ConformanceClients
{
    public static AwsClientOptions Options(string? sessionToken = null) => new()
    {
        Endpoint = BotocoreOracle.Endpoint,
        Region = BotocoreOracle.Region,
        Credentials = sessionToken is null
            ? new BasicAWSCredentials(BotocoreOracle.AccessKey, BotocoreOracle.SecretKey)
            : new SessionAWSCredentials(BotocoreOracle.AccessKey, BotocoreOracle.SecretKey, sessionToken),
        MaxAttempts = 1,
    };

    public static FakeTimeProvider Clock() => new(BotocoreOracle.SignedAt);

    /// <summary>Asserts that Alyx.Aws sent the request botocore builds: same body, canonical request and signature.</summary>
    public static void AssertSameRequest(BotocoreSignedRequest expected, CapturedRequest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Body, actual.Body);
        Assert.Equal(expected.CanonicalRequest, actual.CanonicalRequest);
        Assert.Equal(expected.Signature, actual.Signature);
        Assert.Equal(expected.Authorization, actual.Authorization);
    }
}

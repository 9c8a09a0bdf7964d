using Alyx.Aws.Ecs;
using Amazon.Runtime;

namespace Alyx.Aws.Tests.Http;

public sealed class AwsCredentialRenewalTests
{
    [Fact]
    public async Task Send_RotatedCredentials_SignsWithCurrent()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, "{}"));
        var credentials = new RotatingCredentials();
        using var ecs = new EcsClient(server.Options() with { Credentials = credentials });

        await ecs.ListTasksAsync(new EcsListTasksRequest("c"));
        await ecs.ListTasksAsync(new EcsListTasksRequest("c"));

        var keys = server.Requests.Select(r => r.Headers["authorization"].Split("Credential=")[1].Split('/')[0]).ToList();
        Assert.Equal(["ASIAROTATED1", "ASIAROTATED2"], keys);
        Assert.Equal(["token-1", "token-2"], server.Requests.Select(r => r.Headers["x-amz-security-token"]));
    }

    /// <summary>
    /// Hands out new temporary credentials on every request, as AWSSDK.Core's refreshing credentials do when the old
    /// ones near expiry. The client must fetch them on each request instead of caching the first values.
    /// </summary>
    private sealed class RotatingCredentials : AWSCredentials
    {
        private int _generation;

        public override ImmutableCredentials GetCredentials()
        {
            var generation = Interlocked.Increment(ref _generation);
            return new ImmutableCredentials($"ASIAROTATED{generation}", "secret", $"token-{generation}");
        }

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
    }
}

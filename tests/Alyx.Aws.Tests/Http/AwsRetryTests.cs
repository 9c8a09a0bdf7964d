using System.Net;
using Alyx.Aws.Ecs;
using Alyx.Aws.Http;
using Alyx.Aws.Sns;

namespace Alyx.Aws.Tests.Http;

public sealed class AwsRetryTests
{
    private const string ListTasksOk = """{"taskArns":["arn:aws:ecs:us-east-1:123456789012:task/c/1"]}""";
    private const string EcsThrottled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";

    [Fact]
    public async Task Ecs_ThrottledTwiceThenOk_Succeeds()
    {
        await using var server = new LoopbackAwsServer((_, index) => index < 2 ? new(400, EcsThrottled) : new(200, ListTasksOk));
        using var ecs = new EcsClient(server.Options(maxAttempts: 3));

        var page = await ecs.ListTasksAsync(new EcsListTasksRequest("c"));

        Assert.Single(page.TaskArns);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Ecs_AlwaysThrottled_ThrowsThrottling()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(400, EcsThrottled) { Headers = new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-7" } });
        using var ecs = new EcsClient(server.Options(maxAttempts: 4));

        var error = await Assert.ThrowsAsync<AwsThrottlingException>(() => ecs.ListTasksAsync(new EcsListTasksRequest("c")));

        Assert.Equal(4, server.Requests.Count);
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal("Rate exceeded", error.ErrorMessage);
        Assert.Equal("req-7", error.RequestId);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Ecs_ServiceUnavailableThenOk_Succeeds()
    {
        await using var server = new LoopbackAwsServer((_, index) => index == 0 ? new(503, string.Empty) : new(200, ListTasksOk));
        using var ecs = new EcsClient(server.Options());

        await ecs.ListTasksAsync(new EcsListTasksRequest("c"));

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Ecs_AlwaysServerError_ThrowsServiceError()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(500, """{"__type":"ServerException","message":"boom"}"""));
        using var ecs = new EcsClient(server.Options(maxAttempts: 2));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListTasksAsync(new EcsListTasksRequest("c")));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("ServerException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task Ecs_InvalidParameter_IsNotRetried()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(400, """{"__type":"com.amazonaws.ecs#InvalidParameterException","message":"bad"}"""));
        using var ecs = new EcsClient(server.Options(maxAttempts: 5));

        var error = await Assert.ThrowsAsync<AwsInvalidParameterException>(() => ecs.ListTasksAsync(new EcsListTasksRequest("c")));

        Assert.Single(server.Requests);
        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task Sns_QueryThrottledThenOk_Succeeds()
    {
        const string throttled = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttled</Code><Message>slow down</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
        const string published = "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></PublishResponse>";
        await using var server = new LoopbackAwsServer((_, index) => index == 0 ? new(429, throttled, "text/xml") : new(200, published, "text/xml"));
        using var sns = new SnsClient(server.Options());

        var result = await sns.PublishAsync(new SnsPublishRequest("arn:aws:sns:us-east-1:123456789012:t", "hi"));

        Assert.Equal("m-1", result.MessageId);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Sns_QueryError_ParsesAllFields()
    {
        const string notFound = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-404</RequestId></ErrorResponse>";
        await using var server = new LoopbackAwsServer((_, _) => new(404, notFound, "text/xml"));
        using var sns = new SnsClient(server.Options());

        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => sns.DeleteTopicAsync("arn:aws:sns:us-east-1:123456789012:t"));

        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal("Topic does not exist", error.ErrorMessage);
        Assert.Equal("r-404", error.RequestId);
        Assert.Equal("SNS", error.Service);
        Assert.Equal("DeleteTopic", error.Operation);
    }

    [Fact]
    public async Task Ecs_FirstAttemptHangs_TimesOutAndRetries()
    {
        LoopbackAwsServer? server = null;
        await using (server = new LoopbackAwsServer((_, index) => index == 0 ? new(200, ListTasksOk) { Hold = server!.Released } : new(200, ListTasksOk)))
        {
            using var ecs = new EcsClient(server.Options() with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

            var page = await ecs.ListTasksAsync(new EcsListTasksRequest("c"));

            Assert.Single(page.TaskArns);
            Assert.Equal(2, server.Requests.Count);
        }
    }

    [Fact]
    public async Task Ecs_EveryAttemptHangs_ThrowsRequestTimeout()
    {
        LoopbackAwsServer? server = null;
        await using (server = new LoopbackAwsServer((_, _) => new(200, ListTasksOk) { Hold = server!.Released }))
        {
            using var ecs = new EcsClient(server.Options(maxAttempts: 2) with { RequestTimeout = TimeSpan.FromMilliseconds(200) });

            var error = await Assert.ThrowsAsync<AwsRequestTimeoutException>(() => ecs.ListTasksAsync(new EcsListTasksRequest("c")));

            Assert.Equal("ECS", error.Service);
            Assert.Equal(2, server.Requests.Count);
        }
    }

    [Fact]
    public async Task Ecs_CallerCancelsDuringBackoff_ThrowsCanceled()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(400, EcsThrottled));
        using var ecs = new EcsClient(server.Options(maxAttempts: 5) with { BaseRetryDelay = TimeSpan.FromMinutes(10), MaxRetryDelay = TimeSpan.FromMinutes(10) });
        using var cancellation = new CancellationTokenSource();

        var call = ecs.ListTasksAsync(new EcsListTasksRequest("c"), cancellation.Token);
        await server.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Ecs_SessionCredentials_SendSecurityToken()
    {
        await using var server = new LoopbackAwsServer((_, _) => new(200, ListTasksOk));
        var options = server.Options() with { Credentials = new Amazon.Runtime.SessionAWSCredentials("ASIAEXAMPLE", "secret", "session-token-1") };
        using var ecs = new EcsClient(options);

        await ecs.ListTasksAsync(new EcsListTasksRequest("c"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("session-token-1", request.Headers["x-amz-security-token"]);
        Assert.Contains("x-amz-security-token", request.Headers["authorization"], StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.Http;

public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("""{"__type":"ClusterNotFoundException","message":"Cluster not found."}""", "ClusterNotFoundException", "Cluster not found.")]
    [InlineData("""{"__type":"com.amazonaws.ecs#ThrottlingException","Message":"Rate exceeded"}""", "ThrottlingException", "Rate exceeded")]
    [InlineData("""{"__type":"aws.protocoltests#InvalidParameterException:http://internal.amazon.com/","message":"bad"}""", "InvalidParameterException", "bad")]
    [InlineData("<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>", "NotFound", "Topic does not exist")]
    [InlineData("<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad value</Message></Error></Errors></Response>", "InvalidParameterValue", "bad value")]
    public void Parse_Body_ReturnsCodeAndMessage(string body, string expectedCode, string expectedMessage)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var (code, message, _) = AwsErrorParser.Parse(400, response.Headers, Encoding.UTF8.GetBytes(body));

        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedMessage, message);
    }

    [Fact]
    public void Parse_EmptyBody_FallsBackToStatus()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        var (code, message, _) = AwsErrorParser.Parse(503, response.Headers, []);

        Assert.Equal("Http503", code);
        Assert.Contains("503", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HtmlErrorPage_ReturnsOneBoundedLine()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);
        var page = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
            + "<p>The server encountered an internal error.</p>\n" + string.Concat(Enumerable.Repeat("<p>Traceback line</p>\n", 40));

        var (code, message, _) = AwsErrorParser.Parse(500, response.Headers, Encoding.UTF8.GetBytes(page));

        Assert.Equal("Http500", code);
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("<!doctype html> <html lang=en> <title>500 Internal Server Error</title>", message, StringComparison.Ordinal);
        Assert.Equal(AwsErrorParser.MaxUnparsedLength + "...".Length, message.Length);
    }

    [Fact]
    public void Parse_QueryErrorHeader_UsesItsCode()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender");
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "req-1");

        var (code, _, requestId) = AwsErrorParser.Parse(400, response.Headers, Encoding.UTF8.GetBytes("{}"));

        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", code);
        Assert.Equal("req-1", requestId);
    }

    [Theory]
    [InlineData("ThrottlingException", 400, typeof(AwsThrottlingException))]
    [InlineData("Http429", 429, typeof(AwsThrottlingException))]
    [InlineData("ClusterNotFoundException", 400, typeof(AwsResourceNotFoundException))]
    [InlineData("InvalidParameter", 400, typeof(AwsInvalidParameterException))]
    [InlineData("AuthorizationError", 403, typeof(AwsAccessDeniedException))]
    [InlineData("ServerException", 500, typeof(AwsServiceException))]
    public void Classifier_Code_MapsToExceptionType(string code, int status, Type expected)
    {
        var error = AwsErrorClassifier.Create("ECS", "RunTask", code, "m", (HttpStatusCode)status, "r");

        Assert.Equal(expected, error.GetType());
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alyx.Aws.Sns;
using static Alyx.Aws.Tests.Conformance.ConformanceClients;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>Each SNS operation signed by botocore and by <see cref="SnsClient"/> from the same input.</summary>
public sealed partial class SnsConformanceTests
{
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:alyx-bus";
    private const string SubscriptionArn = "arn:aws:sns:us-east-1:123456789012:alyx-bus:5f0e6a9c-1b2d-4c3e-8f7a-6b5c4d3e2f1a";

    [Fact]
    public async Task Publish_WithAttributes_MatchesBotocore()
    {
        var request = new SnsPublishRequest(TopicArn, """{"kind":"request","body":"a b+c&d=e/ü"}""")
        {
            Subject = "shard 3",
            MessageAttributes = new Dictionary<string, SnsAttributeValue>
            {
                ["shard"] = SnsAttributeValue.FromString("3"),
                ["attempt"] = SnsAttributeValue.FromNumber(2),
                ["blob"] = SnsAttributeValue.FromBinary(new byte[] { 0, 1, 2, 250 }),
            },
        };
        var parameters = Parse("""
            {"TopicArn":"arn:aws:sns:us-east-1:123456789012:alyx-bus","Message":"{\"kind\":\"request\",\"body\":\"a b+c&d=e/ü\"}",
             "Subject":"shard 3",
             "MessageAttributes":{"shard":{"DataType":"String","StringValue":"3"},"attempt":{"DataType":"Number","StringValue":"2"},
                                  "blob":{"DataType":"Binary","BinaryValue":{"$bytes":"AAEC+g=="}}}}
            """);

        var actual = await CaptureAsync(sns => sns.PublishAsync(request));
        var expected = await BotocoreOracle.SignAsync("sns", "Publish", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task PublishFifo_GroupAndDeduplication_MatchesBotocore()
    {
        var request = new SnsPublishRequest(TopicArn + ".fifo", "hello") { MessageGroupId = "shard-3", MessageDeduplicationId = "m-1" };
        var parameters = Parse("""{"TopicArn":"arn:aws:sns:us-east-1:123456789012:alyx-bus.fifo","Message":"hello","MessageDeduplicationId":"m-1","MessageGroupId":"shard-3"}""");

        var actual = await CaptureAsync(sns => sns.PublishAsync(request));
        var expected = await BotocoreOracle.SignAsync("sns", "Publish", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task PublishBatch_TwoEntries_MatchesBotocore()
    {
        var entries = new[]
        {
            new SnsBatchEntry("m1", "first") { MessageAttributes = new Dictionary<string, SnsAttributeValue> { ["shard"] = SnsAttributeValue.FromString("1") } },
            new SnsBatchEntry("m2", "second message") { Subject = "s" },
        };
        var parameters = Parse("""
            {"TopicArn":"arn:aws:sns:us-east-1:123456789012:alyx-bus","PublishBatchRequestEntries":[
              {"Id":"m1","Message":"first","MessageAttributes":{"shard":{"DataType":"String","StringValue":"1"}}},
              {"Id":"m2","Message":"second message","Subject":"s"}]}
            """);

        var actual = await CaptureAsync(sns => sns.PublishBatchAsync(TopicArn, entries));
        var expected = await BotocoreOracle.SignAsync("sns", "PublishBatch", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task CreateTopic_WithAttributes_MatchesBotocore()
    {
        var attributes = new Dictionary<string, string> { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "false" };
        var parameters = Parse("""{"Name":"alyx-bus.fifo","Attributes":{"FifoTopic":"true","ContentBasedDeduplication":"false"}}""");

        var actual = await CaptureAsync(sns => sns.CreateTopicAsync("alyx-bus.fifo", attributes));
        var expected = await BotocoreOracle.SignAsync("sns", "CreateTopic", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task Subscribe_FilterPolicyAndRawDelivery_MatchesBotocore()
    {
        var request = new SnsSubscribeRequest(TopicArn, "sqs", "arn:aws:sqs:us-east-1:123456789012:shard-3")
        {
            FilterPolicy = """{"shard":["3"],"kind":["request","broadcast"]}""",
            RawMessageDelivery = true,
        };
        var parameters = Parse("""
            {"TopicArn":"arn:aws:sns:us-east-1:123456789012:alyx-bus","Protocol":"sqs","Endpoint":"arn:aws:sqs:us-east-1:123456789012:shard-3",
             "Attributes":{"FilterPolicy":"{\"shard\":[\"3\"],\"kind\":[\"request\",\"broadcast\"]}","RawMessageDelivery":"true"},
             "ReturnSubscriptionArn":true}
            """);

        var actual = await CaptureAsync(sns => sns.SubscribeAsync(request));
        var expected = await BotocoreOracle.SignAsync("sns", "Subscribe", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task Unsubscribe_MatchesBotocore()
    {
        var parameters = Parse($$"""{"SubscriptionArn":"{{SubscriptionArn}}"}""");

        var actual = await CaptureAsync(sns => sns.UnsubscribeAsync(SubscriptionArn));
        var expected = await BotocoreOracle.SignAsync("sns", "Unsubscribe", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task SetSubscriptionAttributes_FilterPolicy_MatchesBotocore()
    {
        var parameters = Parse($$"""{"SubscriptionArn":"{{SubscriptionArn}}","AttributeName":"FilterPolicy","AttributeValue":"{\"shard\":[\"4\"]}"}""");

        var actual = await CaptureAsync(sns => sns.SetSubscriptionAttributesAsync(SubscriptionArn, "FilterPolicy", """{"shard":["4"]}"""));
        var expected = await BotocoreOracle.SignAsync("sns", "SetSubscriptionAttributes", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task GetSubscriptionAttributes_MatchesBotocore()
    {
        var parameters = Parse($$"""{"SubscriptionArn":"{{SubscriptionArn}}"}""");

        var actual = await CaptureAsync(sns => sns.GetSubscriptionAttributesAsync(SubscriptionArn));
        var expected = await BotocoreOracle.SignAsync("sns", "GetSubscriptionAttributes", parameters);

        AssertSameRequest(expected, actual);
    }

    [Fact]
    public async Task DeleteTopic_MatchesBotocore()
    {
        var parameters = Parse($$"""{"TopicArn":"{{TopicArn}}"}""");

        var actual = await CaptureAsync(sns => sns.DeleteTopicAsync(TopicArn));
        var expected = await BotocoreOracle.SignAsync("sns", "DeleteTopic", parameters);

        AssertSameRequest(expected, actual);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<CapturedRequest?> CaptureAsync(Func<SnsClient, Task> call)
    {
        var handler = new CapturingHandler(request => CannedResponse(request.Content!.ReadAsStringAsync().Result));
        using var http = new HttpClient(handler);
        using var sns = new SnsClient(Options(), http, null, Clock());
        await call(sns);
        return handler.Captured;
    }

    // A Query response carrying every field the client reads, under the element named after the request's Action.
    private static string CannedResponse(string requestBody)
    {
        var action = ActionPattern().Match(requestBody).Groups[1].Value;
        return $"<{action}Response><{action}Result><MessageId>m</MessageId><TopicArn>{TopicArn}</TopicArn>"
            + $"<SubscriptionArn>{SubscriptionArn}</SubscriptionArn></{action}Result></{action}Response>";
    }

    [GeneratedRegex("^Action=([A-Za-z]+)&")]
    private static partial Regex ActionPattern();
}

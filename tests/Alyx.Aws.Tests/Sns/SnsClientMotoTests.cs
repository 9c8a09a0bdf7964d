using System.Text.Json;
using Alyx.Aws.Http;
using Alyx.Aws.Sns;

namespace Alyx.Aws.Tests.Sns;

public sealed class SnsClientMotoTests : IDisposable
{
    private const string Marker = "end-of-test";
    private readonly SnsClient _sns = new(MotoAws.Options);
    private readonly Amazon.SQS.AmazonSQSClient _sqs = MotoAws.CreateSqsClient();

    public void Dispose()
    {
        _sns.Dispose();
        _sqs.Dispose();
    }

    [Fact]
    public async Task Publish_FilterPolicies_FanOutToMatchingQueuesOnly()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("fanout"));
        var (rawQueueUrl, rawQueueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("shard1"));
        var (envelopeQueueUrl, envelopeQueueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("shard2"));
        await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", rawQueueArn) { FilterPolicy = """{"shard":["1"]}""", RawMessageDelivery = true });
        await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", envelopeQueueArn) { FilterPolicy = """{"shard":["2"]}""" });

        await _sns.PublishAsync(new SnsPublishRequest(topicArn, "for shard 1")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue> { ["shard"] = SnsAttributeValue.FromString("1"), ["kind"] = SnsAttributeValue.FromString("request") },
        });
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, "for shard 2")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue> { ["shard"] = SnsAttributeValue.FromString("2") },
        });
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, Marker) { MessageAttributes = Shard("1") });
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, Marker) { MessageAttributes = Shard("2") });
        var raw = await MotoAws.ReceiveUntilMarkerAsync(_sqs, rawQueueUrl, Marker);
        var wrapped = await MotoAws.ReceiveUntilMarkerAsync(_sqs, envelopeQueueUrl, Marker);

        var rawMessage = Assert.Single(raw);
        Assert.Equal("for shard 1", rawMessage.Body);
        Assert.Equal("request", rawMessage.MessageAttributes["kind"].StringValue);
        var envelope = JsonDocument.Parse(Assert.Single(wrapped).Body).RootElement;
        Assert.Equal("Notification", envelope.GetProperty("Type").GetString());
        Assert.Equal("for shard 2", envelope.GetProperty("Message").GetString());
        Assert.Equal(topicArn, envelope.GetProperty("TopicArn").GetString());
    }

    [Fact]
    public async Task SetSubscriptionAttributes_NewFilterPolicy_ChangesDelivery()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("refilter"));
        var (queueUrl, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("refilter"));
        var subscriptionArn = await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn) { FilterPolicy = """{"shard":["1"]}""", RawMessageDelivery = true });

        await _sns.SetSubscriptionAttributesAsync(subscriptionArn, "FilterPolicy", """{"shard":["7"]}""");
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, "old filter") { MessageAttributes = Shard("1") });
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, "new filter") { MessageAttributes = Shard("7") });
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, Marker) { MessageAttributes = Shard("7") });
        var received = await MotoAws.ReceiveUntilMarkerAsync(_sqs, queueUrl, Marker);

        Assert.Equal("new filter", Assert.Single(received).Body);
    }

    [Fact]
    public async Task GetSubscriptionAttributes_AfterSubscribe_ReturnsFilterAndRawDelivery()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("attributes"));
        var (_, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("attributes"));
        var subscriptionArn = await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn) { FilterPolicy = """{"shard":["3"]}""", RawMessageDelivery = true });

        var attributes = await _sns.GetSubscriptionAttributesAsync(subscriptionArn);

        Assert.Equal(queueArn, attributes["Endpoint"]);
        Assert.Equal("true", attributes["RawMessageDelivery"]);
        Assert.Equal(["3"], JsonDocument.Parse(attributes["FilterPolicy"]).RootElement.GetProperty("shard").EnumerateArray().Select(value => value.GetString()));
    }

    [Fact]
    public async Task GetSubscriptionAttributes_AfterUnsubscribe_ThrowsResourceNotFound()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("gone"));
        var (_, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("gone"));
        var subscriptionArn = await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn));
        await _sns.UnsubscribeAsync(subscriptionArn);

        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => _sns.GetSubscriptionAttributesAsync(subscriptionArn));

        Assert.Equal("GetSubscriptionAttributes", error.Operation);
    }

    [Fact]
    public async Task PublishBatch_AllValid_ReportsEachSuccess()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("batch"));
        var (queueUrl, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("batch"));
        await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn) { RawMessageDelivery = true });

        var result = await _sns.PublishBatchAsync(topicArn, [
            new SnsBatchEntry("a", "first") { MessageAttributes = Shard("1") },
            new SnsBatchEntry("b", "second") { MessageAttributes = Shard("2") },
        ]);
        await _sns.PublishAsync(new SnsPublishRequest(topicArn, Marker));
        var received = await MotoAws.ReceiveUntilMarkerAsync(_sqs, queueUrl, Marker);

        Assert.Equal(["a", "b"], result.Successful.Select(s => s.Id).Order());
        Assert.All(result.Successful, s => Assert.False(string.IsNullOrEmpty(s.MessageId)));
        Assert.Empty(result.Failed);
        Assert.Equal(["first", "second"], received.Select(m => m.Body).Order());
    }

    [Fact]
    public async Task PublishBatch_InvalidEntryOn200_ReturnsItInFailed()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("partial"));

        // A deduplication id is invalid on a standard topic, so SNS rejects that entry only.
        var result = await _sns.PublishBatchAsync(topicArn, [
            new SnsBatchEntry("good", "fine"),
            new SnsBatchEntry("bad", "rejected") { MessageDeduplicationId = "dedupe-1" },
        ]);

        Assert.Equal("good", Assert.Single(result.Successful).Id);
        var failure = Assert.Single(result.Failed);
        Assert.Equal("bad", failure.Id);
        Assert.Equal("InvalidParameter", failure.Code);
        Assert.True(failure.SenderFault);
        var error = Assert.Throws<SnsBatchPublishException>(result.EnsureAllPublished);
        Assert.Equal("bad", Assert.Single(error.Failures).Id);
    }

    [Fact]
    public async Task Publish_UnknownTopic_ThrowsResourceNotFound()
    {
        var missingArn = $"arn:aws:sns:{MotoAws.Region}:123456789012:{MotoAws.UniqueName("missing")}";

        var error = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => _sns.PublishAsync(new SnsPublishRequest(missingArn, "lost")));

        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal("SNS", error.Service);
        Assert.Equal("Publish", error.Operation);
    }

    [Fact]
    public async Task Subscribe_MalformedFilterPolicy_ThrowsInvalidParameter()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("badfilter"));
        var (_, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("badfilter"));

        var error = await Assert.ThrowsAsync<AwsInvalidParameterException>(
            () => _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn) { FilterPolicy = """{"shard":"1"}""" }));

        Assert.Equal("InvalidParameter", error.ErrorCode);
    }

    [Fact]
    public async Task Unsubscribe_ThenSetAttributes_ThrowsResourceNotFound()
    {
        var topicArn = await _sns.CreateTopicAsync(MotoAws.UniqueName("unsub"));
        var (_, queueArn) = await MotoAws.CreateQueueAsync(_sqs, MotoAws.UniqueName("unsub"));
        var subscriptionArn = await _sns.SubscribeAsync(new SnsSubscribeRequest(topicArn, "sqs", queueArn));

        await _sns.UnsubscribeAsync(subscriptionArn);

        await Assert.ThrowsAsync<AwsResourceNotFoundException>(
            () => _sns.SetSubscriptionAttributesAsync(subscriptionArn, "RawMessageDelivery", "true"));
    }

    [Fact]
    public async Task PublishBatch_ElevenEntries_ThrowsBeforeSending()
    {
        var entries = Enumerable.Range(0, 11).Select(i => new SnsBatchEntry($"e{i}", "x")).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _sns.PublishBatchAsync("arn:aws:sns:us-east-1:123456789012:t", entries));

        Assert.Contains("11 entries", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, SnsAttributeValue> Shard(string shard) => new() { ["shard"] = SnsAttributeValue.FromString(shard) };
}

using System.Text;
using Alyx.Aws.Configuration;
using Alyx.Aws.Http;
using Microsoft.Extensions.Logging;

namespace Alyx.Aws.Sns;

/// <summary>
/// Amazon SNS over the Query protocol (API version 2010-03-31), signed with AWSSDK.Core's SigV4 signer.
/// </summary>
public sealed class SnsClient : ISnsClient, IDisposable
{
    /// <summary>The maximum size of one message, and of a whole batch, in bytes (256 KiB).</summary>
    public const int MaxPayloadBytes = 262_144;

    /// <summary>The maximum number of entries in one PublishBatch call.</summary>
    public const int MaxBatchEntries = 10;

    private const string Version = "2010-03-31";
    private static readonly AwsServiceInfo Service = new("SNS", "sns", "sns");
    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials, timeout and retry settings; null reads them all from the environment.</param>
    /// <param name="httpClient">The HTTP client to send with; null creates (and disposes) one.</param>
    /// <param name="logger">Logs retries.</param>
    /// <param name="timeProvider">The clock for signing, timeouts and backoff; null is the system clock.</param>
    /// <exception cref="AwsConfigurationException">A setting is invalid or no region is configured.</exception>
    public SnsClient(AwsClientOptions? options = null, HttpClient? httpClient = null, ILogger<SnsClient>? logger = null, TimeProvider? timeProvider = null)
    {
        _transport = new AwsHttpTransport(Service, options ?? new AwsClientOptions(), httpClient, logger, timeProvider);
    }

    /// <summary>The endpoint this client sends to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public async Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string>? attributes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = new AwsQueryWriter("CreateTopic", Version).Add("Name", name);
        if (attributes is { Count: > 0 })
        {
            query.AddMap("Attributes", attributes);
        }

        var result = await SendAsync("CreateTopic", query, cancellationToken);
        return result.ChildValue("TopicArn") ?? throw new AwsProtocolException(Service.ServiceId, "CreateTopic", "TopicArn is missing");
    }

    /// <inheritdoc />
    public async Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        await SendAsync("DeleteTopic", new AwsQueryWriter("DeleteTopic", Version).Add("TopicArn", topicArn), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SnsPublishResult> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TopicArn);
        CheckSize(PayloadSize(request.Message, request.MessageAttributes), "the message");

        // Parameters follow the service model's member order, as botocore writes them.
        var query = new AwsQueryWriter("Publish", Version)
            .Add("TopicArn", request.TopicArn)
            .Add("Message", request.Message)
            .AddIfNotNull("Subject", request.Subject);
        AddAttributes(query, "MessageAttributes", request.MessageAttributes);
        query.AddIfNotNull("MessageDeduplicationId", request.MessageDeduplicationId)
            .AddIfNotNull("MessageGroupId", request.MessageGroupId);

        var result = await SendAsync("Publish", query, cancellationToken);
        return new SnsPublishResult(
            result.ChildValue("MessageId") ?? throw new AwsProtocolException(Service.ServiceId, "Publish", "MessageId is missing"),
            result.ChildValue("SequenceNumber"));
    }

    /// <inheritdoc />
    public async Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        ArgumentNullException.ThrowIfNull(entries);
        CheckBatch(entries);

        var query = new AwsQueryWriter("PublishBatch", Version).Add("TopicArn", topicArn);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var prefix = $"PublishBatchRequestEntries.member.{i + 1}";
            query.Add($"{prefix}.Id", entry.Id)
                .Add($"{prefix}.Message", entry.Message)
                .AddIfNotNull($"{prefix}.Subject", entry.Subject);
            AddAttributes(query, $"{prefix}.MessageAttributes", entry.MessageAttributes);
            query.AddIfNotNull($"{prefix}.MessageDeduplicationId", entry.MessageDeduplicationId)
                .AddIfNotNull($"{prefix}.MessageGroupId", entry.MessageGroupId);
        }

        var result = await SendAsync("PublishBatch", query, cancellationToken);
        var successful = result.Members("Successful")
            .Select(m => new SnsBatchSuccess(m.ChildValue("Id") ?? string.Empty, m.ChildValue("MessageId") ?? string.Empty, m.ChildValue("SequenceNumber")))
            .ToList();
        var failed = result.Members("Failed")
            .Select(m => new SnsBatchFailure(
                m.ChildValue("Id") ?? string.Empty,
                m.ChildValue("Code") ?? "Unknown",
                m.ChildValue("Message"),
                string.Equals(m.ChildValue("SenderFault"), "true", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new SnsPublishBatchResult(successful, failed);
    }

    /// <inheritdoc />
    public async Task<string> SubscribeAsync(SnsSubscribeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TopicArn);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Protocol);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Endpoint);

        var attributes = new List<KeyValuePair<string, string>>();
        if (request.FilterPolicy is not null)
        {
            attributes.Add(new("FilterPolicy", request.FilterPolicy));
        }

        if (request.FilterPolicyScope is not null)
        {
            attributes.Add(new("FilterPolicyScope", request.FilterPolicyScope));
        }

        if (request.RawMessageDelivery is { } raw)
        {
            attributes.Add(new("RawMessageDelivery", raw ? "true" : "false"));
        }

        attributes.AddRange(request.Attributes);

        var query = new AwsQueryWriter("Subscribe", Version)
            .Add("TopicArn", request.TopicArn)
            .Add("Protocol", request.Protocol)
            .Add("Endpoint", request.Endpoint);
        if (attributes.Count > 0)
        {
            query.AddMap("Attributes", attributes);
        }

        query.Add("ReturnSubscriptionArn", true);

        var result = await SendAsync("Subscribe", query, cancellationToken);
        return result.ChildValue("SubscriptionArn") ?? throw new AwsProtocolException(Service.ServiceId, "Subscribe", "SubscriptionArn is missing");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        var subscriptions = new List<SnsSubscription>();
        string? nextToken = null;
        do
        {
            var query = new AwsQueryWriter("ListSubscriptionsByTopic", Version)
                .Add("TopicArn", topicArn)
                .AddIfNotNull("NextToken", nextToken);
            var result = await SendAsync("ListSubscriptionsByTopic", query, cancellationToken);
            subscriptions.AddRange(result.Members("Subscriptions").Select(member => new SnsSubscription(
                member.ChildValue("SubscriptionArn") ?? string.Empty,
                member.ChildValue("Protocol") ?? string.Empty,
                member.ChildValue("Endpoint") ?? string.Empty)));
            nextToken = result.ChildValue("NextToken");
        }
        while (!string.IsNullOrEmpty(nextToken));

        return subscriptions;
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionArn);
        await SendAsync("Unsubscribe", new AwsQueryWriter("Unsubscribe", Version).Add("SubscriptionArn", subscriptionArn), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionArn);
        var query = new AwsQueryWriter("GetSubscriptionAttributes", Version).Add("SubscriptionArn", subscriptionArn);
        var result = await SendAsync("GetSubscriptionAttributes", query, cancellationToken);

        // The map is <Attributes><entry><key>K</key><value>V</value></entry>...</Attributes>.
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in result.Child("Attributes")?.Elements().Where(e => e.Name.LocalName == "entry") ?? [])
        {
            if (entry.ChildValue("key") is { Length: > 0 } key)
            {
                attributes[key] = entry.ChildValue("value") ?? string.Empty;
            }
        }

        return attributes;
    }

    /// <inheritdoc />
    public async Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionArn);
        ArgumentException.ThrowIfNullOrWhiteSpace(attributeName);
        ArgumentNullException.ThrowIfNull(attributeValue);
        var query = new AwsQueryWriter("SetSubscriptionAttributes", Version)
            .Add("SubscriptionArn", subscriptionArn)
            .Add("AttributeName", attributeName)
            .Add("AttributeValue", attributeValue);
        await SendAsync("SetSubscriptionAttributes", query, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private async Task<System.Xml.Linq.XElement> SendAsync(string operation, AwsQueryWriter query, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(operation, query.ToContent(), cancellationToken);
        return AwsXml.Result(response, Service.ServiceId, operation);
    }

    // Map entries are MessageAttributes.entry.N.Name and .Value.{DataType,StringValue,BinaryValue}.
    private static void AddAttributes(AwsQueryWriter query, string prefix, IReadOnlyDictionary<string, SnsAttributeValue> attributes)
    {
        var index = 1;
        foreach (var (name, attribute) in attributes)
        {
            var entry = $"{prefix}.entry.{index}";
            query.Add($"{entry}.Name", name).Add($"{entry}.Value.DataType", attribute.DataType);
            query.AddIfNotNull($"{entry}.Value.StringValue", attribute.StringValue);
            if (attribute.BinaryValue is { } binary)
            {
                query.Add($"{entry}.Value.BinaryValue", Convert.ToBase64String(binary.Span));
            }

            index++;
        }
    }

    private static void CheckBatch(IReadOnlyList<SnsBatchEntry> entries)
    {
        if (entries.Count is 0 or > MaxBatchEntries)
        {
            throw new ArgumentException($"A batch has {entries.Count} entries; PublishBatch takes 1 to {MaxBatchEntries}. Split it.", nameof(entries));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var entry in entries)
        {
            if (!IsValidBatchId(entry.Id))
            {
                throw new ArgumentException($"Batch entry id '{entry.Id}' is invalid; use 1 to 80 characters of A-Z, a-z, 0-9, '_' and '-'.", nameof(entries));
            }

            if (!ids.Add(entry.Id))
            {
                throw new ArgumentException($"Batch entry id '{entry.Id}' appears twice; ids must be unique within a batch.", nameof(entries));
            }

            total += PayloadSize(entry.Message, entry.MessageAttributes);
        }

        CheckSize(total, "the batch");
    }

    private static bool IsValidBatchId(string id) =>
        id is { Length: > 0 and <= 80 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    // SNS counts the body plus each attribute's name, data type and value towards the 256 KiB limit.
    private static int PayloadSize(string message, IReadOnlyDictionary<string, SnsAttributeValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = Encoding.UTF8.GetByteCount(message);
        foreach (var (name, attribute) in attributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(attribute.DataType)
                + (attribute.StringValue is null ? 0 : Encoding.UTF8.GetByteCount(attribute.StringValue))
                + (attribute.BinaryValue?.Length ?? 0);
        }

        return size;
    }

    private static void CheckSize(int size, string what)
    {
        if (size > MaxPayloadBytes)
        {
            throw new ArgumentException($"The size of {what} is {size} bytes, over SNS's limit of {MaxPayloadBytes}; store the payload elsewhere (such as S3) and publish a reference.");
        }
    }
}

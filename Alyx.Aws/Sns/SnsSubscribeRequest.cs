namespace Alyx.Aws.Sns;

/// <summary>A subscription for <see cref="ISnsClient.SubscribeAsync"/>.</summary>
/// <param name="TopicArn">The topic.</param>
/// <param name="Protocol">The endpoint kind, such as <c>sqs</c>, <c>https</c> or <c>lambda</c>.</param>
/// <param name="Endpoint">The endpoint: for <c>sqs</c> the queue ARN.</param>
public sealed record SnsSubscribeRequest(string TopicArn, string Protocol, string Endpoint)
{
    /// <summary>
    /// A filter policy as JSON, such as <c>{"shard":["3"]}</c>; at most 5 keys and 150 value combinations.
    /// Default: null, which delivers every message.
    /// </summary>
    public string? FilterPolicy { get; init; }

    /// <summary><c>MessageAttributes</c> (the SNS default) or <c>MessageBody</c>. Default: null, the SNS default.</summary>
    public string? FilterPolicyScope { get; init; }

    /// <summary>
    /// True delivers the message body as published (attributes become SQS attributes); false wraps it in the
    /// JSON notification envelope. Default: null, which leaves SNS's default (false).
    /// </summary>
    public bool? RawMessageDelivery { get; init; }

    /// <summary>Other subscription attributes, such as <c>RedrivePolicy</c>, by name.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

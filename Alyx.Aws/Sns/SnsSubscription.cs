namespace Alyx.Aws.Sns;

/// <summary>One subscription of a topic, as ListSubscriptionsByTopic returns it.</summary>
/// <param name="SubscriptionArn">The subscription ARN, or <c>PendingConfirmation</c> for an unconfirmed HTTP or email endpoint.</param>
/// <param name="Protocol">The endpoint kind, such as <c>sqs</c>.</param>
/// <param name="Endpoint">The endpoint: for <c>sqs</c> the queue ARN.</param>
public sealed record SnsSubscription(string SubscriptionArn, string Protocol, string Endpoint);

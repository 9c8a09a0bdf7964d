namespace Alyx.Coordination.Messaging;

/// <summary>The transport names that <c>ALYX_TRANSPORT</c> takes.</summary>
public static class MessagingTransportNames
{
    /// <summary>Redis streams in the cluster's Redis: the default.</summary>
    public const string Redis = "redis";

    /// <summary>SNS and SQS on the cluster's bus topic, with S3 for large payloads.</summary>
    public const string SnsSqs = "sns-sqs";
}

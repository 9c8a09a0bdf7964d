using Alyx.Aws.Configuration;

namespace Alyx.Coordination.Messaging;

/// <summary>Where a process finds the cluster's SNS/SQS bus; the names match the <c>ALYX_*</c> variables.</summary>
public sealed record SnsSqsMessagingSettings
{
    /// <summary>The cluster name in queue names (<c>ALYX_CLUSTER</c>).</summary>
    public required string Cluster { get; init; }

    /// <summary>The cluster's bus topic (<c>ALYX_BUS_TOPIC_ARN</c>).</summary>
    public required string BusTopicArn { get; init; }

    /// <summary>The queue name prefix (<c>ALYX_QUEUE_PREFIX</c>). Default <c>alyx</c>.</summary>
    public string QueuePrefix { get; init; } = "alyx";

    /// <summary>The S3 bucket for payloads over the SNS limit (<c>ALYX_PAYLOAD_BUCKET</c>). Default null: such payloads fail.</summary>
    public string? PayloadBucket { get; init; }

    /// <summary>
    /// Region, endpoint and credentials. Default: read from the environment (<c>AWS_REGION</c>,
    /// <c>AWS_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_SQS</c> and the SDK's credential chain).
    /// </summary>
    public AwsClientOptions Aws { get; init; } = new();

    /// <summary>The long-poll wait of one receive. Default 5 s.</summary>
    public TimeSpan ReceiveWaitTime { get; init; } = TimeSpan.FromSeconds(5);
}

using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace Alyx.Cdk.Messaging;

/// <summary>
/// The message bus and the alarm path: the SNS bus topic, the orchestrator's queue and the cluster's dead-letter
/// queue, the alarm topic with its queue, and the S3 bucket for payloads over the SNS/SQS size limit.
/// </summary>
internal sealed class AlyxMessaging : Construct
{
    // A message that fails this many receives moves to the dead-letter queue.
    private const int MaxReceiveCount = 5;

    public AlyxMessaging(Construct scope, string id, AlyxStackProps props, AlyxNames names)
        : base(scope, id)
    {
        // The AWS managed key lets every publisher in the account use the topic without a key policy of our own.
        BusTopic = new Topic(this, "BusTopic", new TopicProps
        {
            TopicName = names.BusTopic,
            MasterKey = Alias.FromAliasName(this, "SnsKey", "alias/aws/sns"),
        });
        BusTopic.AddToResourcePolicy(DenyInsecureTransport(BusTopic.TopicArn, "sns:Publish"));

        // SQS-managed encryption, not the AWS managed KMS key: SNS cannot use that key to deliver to a queue.
        DeadLetterQueue = new Queue(this, "DeadLetterQueue", new QueueProps
        {
            QueueName = names.DeadLetterQueue,
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        OrchestratorQueue = new Queue(this, "OrchestratorQueue", new QueueProps
        {
            QueueName = names.OrchestratorQueue,
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = MaxReceiveCount },
        });

        // CloudWatch can publish to an encrypted topic only with a customer managed key whose policy allows it.
        var alarmKey = new Key(this, "AlarmTopicKey", new KeyProps
        {
            Description = $"Encrypts the Alyx cluster {names.Cluster} alarm topic",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        alarmKey.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowCloudWatchAlarms",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));
        AlarmTopic = new Topic(this, "AlarmTopic", new TopicProps { TopicName = names.AlarmTopic, MasterKey = alarmKey });
        AlarmTopic.AddToResourcePolicy(DenyInsecureTransport(AlarmTopic.TopicArn, "sns:Publish"));

        AlarmDeadLetterQueue = new Queue(this, "AlarmDeadLetterQueue", new QueueProps
        {
            QueueName = names.AlarmDeadLetterQueue,
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        AlarmQueue = new Queue(this, "AlarmQueue", new QueueProps
        {
            QueueName = names.AlarmQueue,
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            DeadLetterQueue = new DeadLetterQueue { Queue = AlarmDeadLetterQueue, MaxReceiveCount = MaxReceiveCount },
        });

        // The SNS envelope stays on (no raw delivery): the orchestrator's alarm listener reads both forms.
        AlarmTopic.AddSubscription(new SqsSubscription(AlarmQueue));

        PayloadBucket = new Bucket(this, "PayloadBucket", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            Versioned = false,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "ExpirePayloads",
                    Expiration = Duration.Days(props.PayloadExpirationDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            // CloudFormation cannot delete a bucket that still contains objects, so a deleted stack leaves it behind;
            // the lifecycle rule empties it within a day.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }

    public Topic BusTopic { get; }

    public Topic AlarmTopic { get; }

    public Queue OrchestratorQueue { get; }

    public Queue DeadLetterQueue { get; }

    public Queue AlarmQueue { get; }

    public Queue AlarmDeadLetterQueue { get; }

    public Bucket PayloadBucket { get; }

    private static PolicyStatement DenyInsecureTransport(string topicArn, string action) => new(new PolicyStatementProps
    {
        Sid = "DenyInsecureTransport",
        Effect = Effect.DENY,
        Principals = [new AnyPrincipal()],
        Actions = [action],
        Resources = [topicArn],
        Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
    });
}

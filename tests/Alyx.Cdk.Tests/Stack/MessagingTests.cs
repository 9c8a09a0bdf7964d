using Amazon.CDK.Assertions;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class MessagingTests(SynthesizedStacks stacks)
{
    [Theory]
    [InlineData("alyx-default-orchestrator")]
    [InlineData("alyx-default-dlq")]
    [InlineData("alyx-default-alarms")]
    [InlineData("alyx-default-alarms-dlq")]
    public void Queue_Created_IsEncrypted(string name)
    {
        stacks.Default.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object>
        {
            ["QueueName"] = name,
            ["SqsManagedSseEnabled"] = true,
        });
    }

    [Theory]
    [InlineData("OrchestratorQueue", "MessagingDeadLetterQueue")]
    [InlineData("AlarmQueue", "MessagingAlarmDeadLetterQueue")]
    public void Queue_Failures_GoToDeadLetterQueue(string queuePrefix, string deadLetterPrefix)
    {
        var queue = stacks.DefaultJson.One("AWS::SQS::Queue", "Messaging" + queuePrefix).Properties;

        var redrive = queue["RedrivePolicy"]!;

        Assert.StartsWith(deadLetterPrefix, (string?)redrive["deadLetterTargetArn"]!["Fn::GetAtt"]![0], StringComparison.Ordinal);
        Assert.Equal(5, (int)redrive["maxReceiveCount"]!);
    }

    [Fact]
    public void QueuePolicies_InsecureTransport_IsDenied()
    {
        var policies = stacks.DefaultJson.Resources("AWS::SQS::QueuePolicy");

        var denying = policies.Count(policy => policy.Properties["PolicyDocument"]!["Statement"]!.AsArray().Any(statement =>
            (string?)statement!["Effect"] == "Deny" && (string?)statement["Condition"]?["Bool"]?["aws:SecureTransport"] == "false"));

        Assert.Equal(4, denying);
    }

    [Fact]
    public void Topics_Created_AreEncrypted()
    {
        var topics = stacks.DefaultJson.Resources("AWS::SNS::Topic");

        Assert.Equal(["alyx-default-alarms", "alyx-default-bus"], topics.Select(topic => (string)topic.Properties["TopicName"]!).Order());
        Assert.All(topics, topic => Assert.NotNull(topic.Properties["KmsMasterKeyId"]));
    }

    [Fact]
    public void AlarmTopicKey_Policy_AllowsCloudWatch()
    {
        stacks.Default.HasResourceProperties("AWS::KMS::Key", new Dictionary<string, object>
        {
            ["EnableKeyRotation"] = true,
            ["KeyPolicy"] = new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith(
                [
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Principal"] = new Dictionary<string, object> { ["Service"] = "cloudwatch.amazonaws.com" },
                    }),
                ]),
            },
        });
    }

    [Fact]
    public void AlarmTopic_Subscription_DeliversToAlarmQueue()
    {
        var subscription = stacks.DefaultJson.Resources("AWS::SNS::Subscription").Single().Properties;

        Assert.Equal("sqs", (string?)subscription["Protocol"]);
        Assert.StartsWith("MessagingAlarmTopic", (string?)subscription["TopicArn"]!["Ref"], StringComparison.Ordinal);
        Assert.StartsWith("MessagingAlarmQueue", (string?)subscription["Endpoint"]!["Fn::GetAtt"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadBucket_Security_EncryptedAndPrivate()
    {
        stacks.Default.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["BucketEncryption"] = new Dictionary<string, object>
            {
                ["ServerSideEncryptionConfiguration"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["ServerSideEncryptionByDefault"] = new Dictionary<string, object> { ["SSEAlgorithm"] = "AES256" },
                    },
                },
            },
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            },
        });
    }

    [Fact]
    public void PayloadBucket_Lifecycle_ExpiresPayloads()
    {
        stacks.Default.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["LifecycleConfiguration"] = new Dictionary<string, object>
            {
                ["Rules"] = Match.ArrayWith(
                [
                    Match.ObjectLike(new Dictionary<string, object> { ["ExpirationInDays"] = 1, ["Status"] = "Enabled" }),
                ]),
            },
        });
    }

    [Fact]
    public void PayloadBucket_Policy_EnforcesTls()
    {
        var policy = stacks.DefaultJson.Resources("AWS::S3::BucketPolicy").Single().Properties;

        var statements = policy["PolicyDocument"]!["Statement"]!.AsArray();

        Assert.Contains(statements, statement =>
            (string?)statement!["Effect"] == "Deny" && (string?)statement["Condition"]?["Bool"]?["aws:SecureTransport"] == "false");
    }
}

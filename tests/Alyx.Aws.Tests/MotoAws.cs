using Alyx.Aws.Configuration;
using Alyx.TestSupport;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Alyx.Aws.Tests;

/// <summary>
/// Clients aimed at the moto_server that scripts/test starts on loopback, with static credentials, so no test can
/// reach AWS or a metadata address. moto keeps state across tests, so tests use unique resource names.
/// </summary>
internal static class MotoAws
{
    public const string Region = "us-east-1";

    public static AwsClientOptions Options => AwsClientOptions.ForEndpoint(TestServices.MotoEndpoint, Region, "test", "test") with
    {
        RequestTimeout = TimeSpan.FromSeconds(30),
        MaxAttempts = 2,
    };

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 80)];

    public static AmazonSQSClient CreateSqsClient() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = TestServices.MotoEndpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>Creates a queue and returns its URL and ARN.</summary>
    public static async Task<(string Url, string Arn)> CreateQueueAsync(AmazonSQSClient sqs, string name)
    {
        var url = (await sqs.CreateQueueAsync(name)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(url, ["QueueArn"]));
        return (url, attributes.QueueARN);
    }

    /// <summary>
    /// Receives and deletes messages until one whose body is <paramref name="marker"/> arrives, and returns the ones
    /// before it. moto delivers SNS to SQS in publish order, so a marker published last proves that nothing else is
    /// on its way, without waiting out a timeout.
    /// </summary>
    public static async Task<List<Message>> ReceiveUntilMarkerAsync(AmazonSQSClient sqs, string queueUrl, string marker)
    {
        var messages = new List<Message>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = 10,
                    WaitTimeSeconds = 1,
                    MessageAttributeNames = ["All"],
                },
                timeout.Token);
            foreach (var message in response.Messages ?? [])
            {
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, timeout.Token);
                if (message.Body == marker || EnvelopeMessage(message.Body) == marker)
                {
                    return messages;
                }

                messages.Add(message);
            }
        }
    }

    // Returns the Message of an SNS notification envelope, or null for any other body.
    private static string? EnvelopeMessage(string body)
    {
        if (!body.StartsWith('{'))
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("Message", out var message) ? message.GetString() : null;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alyx.Coordination.Routes;

/// <summary>
/// Builds the JSON queue attributes of a shard queue and compares them, and subscription filter policies, with what
/// SQS and SNS return, which may reorder or reformat JSON and write numbers as strings.
/// </summary>
internal static class QueueAttributeComparer
{
    /// <summary>Returns a RedrivePolicy such as <c>{"deadLetterTargetArn":"arn:...","maxReceiveCount":10}</c>.</summary>
    public static string RedrivePolicy(string deadLetterArn, int maxReceiveCount) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["deadLetterTargetArn"] = deadLetterArn, ["maxReceiveCount"] = maxReceiveCount });

    /// <summary>Returns the queue policy that lets SNS send to the queue for this topic only.</summary>
    public static string TopicSendPolicy(string queueArn, string topicArn) =>
        JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Sid = "AllowBusTopic",
                    Effect = "Allow",
                    Principal = new { Service = "sns.amazonaws.com" },
                    Action = "sqs:SendMessage",
                    Resource = queueArn,
                    Condition = new { ArnEquals = new Dictionary<string, string> { ["aws:SourceArn"] = topicArn } },
                },
            },
        });

    /// <summary>Returns whether an attribute value returned by SQS or SNS means the same as the expected one.</summary>
    public static bool AreEqual(string name, string wanted, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (string.Equals(wanted, actual, StringComparison.Ordinal))
        {
            return true;
        }

        if (name is not ("RedrivePolicy" or "Policy" or "FilterPolicy"))
        {
            return false;
        }

        try
        {
            return JsonNode.DeepEquals(Normalize(JsonNode.Parse(wanted)), Normalize(JsonNode.Parse(actual)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Numbers become strings, so "10" and 10 compare equal.
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, Normalize(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalize)]),
        JsonValue value when value.TryGetValue<double>(out var number) => JsonValue.Create(number.ToString(CultureInfo.InvariantCulture)),
        JsonValue value => JsonValue.Create(value.ToString()),
        _ => null,
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// Parses CloudWatch alarm notifications as they arrive on an SQS queue: wrapped in the SNS notification envelope
/// (<c>{"Type":"Notification","Message":"&lt;alarm JSON as a string&gt;",...}</c>), or raw (the alarm JSON itself,
/// with raw message delivery). Field names follow the CloudWatch message (AlarmName, NewStateValue, NewStateReason,
/// StateChangeTime, Trigger with MetricName, Namespace and Dimensions, or Trigger.Metrics[].MetricStat.Metric for
/// metric math). Unknown fields are ignored.
/// </summary>
public static class AlarmNotificationParser
{
    /// <summary>Parses a message body; on failure <paramref name="error"/> describes the problem.</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out AlarmNotification? notification, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        notification = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"the body is a JSON {root.ValueKind}, not an object";
                return false;
            }

            if (root.TryGetProperty("Type", out var type))
            {
                return TryParseEnvelope(root, type, out notification, out error);
            }

            return TryParseAlarm(root, out notification, out error);
        }
        catch (JsonException exception)
        {
            error = $"the body is not valid JSON ({exception.Message})";
            return false;
        }
    }

    private static bool TryParseEnvelope(JsonElement root, JsonElement type, out AlarmNotification? notification, out string? error)
    {
        notification = null;
        if (type.ValueKind != JsonValueKind.String || type.GetString() != "Notification")
        {
            error = $"the SNS message type is {type}, not Notification";
            return false;
        }

        if (!root.TryGetProperty("Message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            error = "the SNS notification has no Message string";
            return false;
        }

        // The envelope's Message is the alarm JSON as a string, so it needs a second parse.
        using var inner = JsonDocument.Parse(message.GetString()!);
        if (inner.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = "the SNS notification's Message is not a JSON object";
            return false;
        }

        return TryParseAlarm(inner.RootElement, out notification, out error);
    }

    private static bool TryParseAlarm(JsonElement alarm, out AlarmNotification? notification, out string? error)
    {
        notification = null;
        var name = String(alarm, "AlarmName");
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "AlarmName is missing";
            return false;
        }

        if (ParseState(String(alarm, "NewStateValue")) is not { } newState)
        {
            error = $"NewStateValue '{String(alarm, "NewStateValue")}' of alarm '{name}' is not OK, ALARM or INSUFFICIENT_DATA";
            return false;
        }

        var metrics = new List<AlarmMetric>();
        if (alarm.TryGetProperty("Trigger", out var trigger) && trigger.ValueKind == JsonValueKind.Object)
        {
            if (String(trigger, "MetricName") is { } metricName)
            {
                metrics.Add(new AlarmMetric(null, null, metricName, String(trigger, "Namespace"), Dimensions(trigger)));
            }

            if (trigger.TryGetProperty("Metrics", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                metrics.AddRange(entries.EnumerateArray().Where(entry => entry.ValueKind == JsonValueKind.Object).Select(MathEntry));
            }
        }

        notification = new AlarmNotification(
            name,
            newState,
            ParseState(String(alarm, "OldStateValue")),
            String(alarm, "NewStateReason") ?? "",
            ParseTime(String(alarm, "StateChangeTime")),
            metrics);
        error = null;
        return true;
    }

    private static AlarmMetric MathEntry(JsonElement entry)
    {
        var metric = entry.TryGetProperty("MetricStat", out var stat) && stat.ValueKind == JsonValueKind.Object
            && stat.TryGetProperty("Metric", out var inner) && inner.ValueKind == JsonValueKind.Object
            ? inner
            : default;
        return metric.ValueKind == JsonValueKind.Object
            ? new AlarmMetric(String(entry, "Id"), String(entry, "Expression"), String(metric, "MetricName"), String(metric, "Namespace"), Dimensions(metric))
            : new AlarmMetric(String(entry, "Id"), String(entry, "Expression"), null, null, []);
    }

    // CloudWatch writes dimensions as [{"value":"3","name":"ShardId"}], in lower case, unlike the API's Name/Value.
    private static List<AlarmDimension> Dimensions(JsonElement parent)
    {
        if (!TryGetProperty(parent, "Dimensions", out var dimensions) || dimensions.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. dimensions.EnumerateArray()
            .Where(dimension => dimension.ValueKind == JsonValueKind.Object)
            .Select(dimension => (Name: String(dimension, "name"), Value: String(dimension, "value")))
            .Where(pair => pair.Name is not null && pair.Value is not null)
            .Select(pair => new AlarmDimension(pair.Name!, pair.Value!))];
    }

    private static AlarmState? ParseState(string? value) => value switch
    {
        "OK" => AlarmState.Ok,
        "ALARM" => AlarmState.Alarm,
        "INSUFFICIENT_DATA" => AlarmState.InsufficientData,
        _ => null,
    };

    // CloudWatch writes "2017-01-12T16:30:42.236+0000": an offset without a colon, which the round-trip format lacks.
    private static DateTimeOffset? ParseTime(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > 5 && value[^5] is '+' or '-' && value[^4..].All(char.IsAsciiDigit))
        {
            value = $"{value[..^2]}:{value[^2..]}";
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    private static string? String(JsonElement parent, string name) =>
        TryGetProperty(parent, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Property names are matched exactly first, then ignoring case, because the dimension keys differ in case by source.
    private static bool TryGetProperty(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}

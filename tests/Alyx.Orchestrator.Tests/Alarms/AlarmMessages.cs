using System.Text.Json;

namespace Alyx.Orchestrator.Tests.Alarms;

/// <summary>
/// CloudWatch alarm notifications in the format CloudWatch sends to SNS: the alarm JSON, and the SNS notification
/// envelope that carries it as a string when raw delivery is off. Values are made up; field names and shapes follow
/// the CloudWatch alarm message.
/// </summary>
internal static class AlarmMessages
{
    public static string SingleMetric(string alarmName, string state, string metricName, params (string Name, string Value)[] dimensions) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["AlarmName"] = alarmName,
            ["AlarmDescription"] = null,
            ["AWSAccountId"] = "123456789012",
            ["NewStateValue"] = state,
            ["NewStateReason"] = "Threshold Crossed: 1 out of the last 1 datapoints [950.0 (04/12/26 21:40:00)] was greater than the threshold (500.0) (minimum 1 datapoint for OK -> ALARM transition).",
            ["StateChangeTime"] = "2026-12-04T21:41:12.345+0000",
            ["Region"] = "US East (N. Virginia)",
            ["AlarmArn"] = $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarmName}",
            ["OldStateValue"] = state == "ALARM" ? "OK" : "ALARM",
            ["Trigger"] = new Dictionary<string, object?>
            {
                ["MetricName"] = metricName,
                ["Namespace"] = "Alyx",
                ["StatisticType"] = "Statistic",
                ["Statistic"] = "AVERAGE",
                ["Unit"] = null,
                ["Dimensions"] = dimensions.Select(d => new Dictionary<string, string> { ["value"] = d.Value, ["name"] = d.Name }).ToArray(),
                ["Period"] = 60,
                ["EvaluationPeriods"] = 1,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["Threshold"] = 500.0,
                ["TreatMissingData"] = "missing",
                ["EvaluateLowSampleCountPercentile"] = "",
            },
        });

    public static string MetricMath(string alarmName, string state, string metricName, params (string Name, string Value)[] dimensions) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["AlarmName"] = alarmName,
            ["AlarmDescription"] = "latency of one shard, smoothed",
            ["AWSAccountId"] = "123456789012",
            ["NewStateValue"] = state,
            ["NewStateReason"] = "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (400.0).",
            ["StateChangeTime"] = "2026-12-04T21:41:12.345+0000",
            ["Region"] = "US East (N. Virginia)",
            ["AlarmArn"] = $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarmName}",
            ["OldStateValue"] = "OK",
            ["Trigger"] = new Dictionary<string, object?>
            {
                ["Period"] = 60,
                ["EvaluationPeriods"] = 3,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["Threshold"] = 400.0,
                ["TreatMissingData"] = "missing",
                ["EvaluateLowSampleCountPercentile"] = "",
                ["Metrics"] = new object[]
                {
                    new Dictionary<string, object?> { ["Expression"] = "m1*1", ["Id"] = "e1", ["Label"] = "Smoothed", ["ReturnData"] = true },
                    new Dictionary<string, object?>
                    {
                        ["Id"] = "m1",
                        ["MetricStat"] = new Dictionary<string, object?>
                        {
                            ["Metric"] = new Dictionary<string, object?>
                            {
                                ["Dimensions"] = dimensions.Select(d => new Dictionary<string, string> { ["value"] = d.Value, ["name"] = d.Name }).ToArray(),
                                ["MetricName"] = metricName,
                                ["Namespace"] = "Alyx",
                            },
                            ["Period"] = 60,
                            ["Stat"] = "Average",
                        },
                        ["ReturnData"] = false,
                    },
                },
            },
        });

    /// <summary>Wraps an alarm in the SNS notification envelope, as SQS receives it without raw delivery.</summary>
    public static string InSnsEnvelope(string alarmJson, string alarmName) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:alyx-alarms",
            ["Subject"] = $"ALARM: \"{alarmName}\" in US East (N. Virginia)",
            ["Message"] = alarmJson,
            ["Timestamp"] = "2026-12-04T21:41:12.400Z",
            ["SignatureVersion"] = "1",
            ["Signature"] = "c2lnbmF0dXJl",
            ["SigningCertURL"] = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem",
            ["UnsubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
        });
}

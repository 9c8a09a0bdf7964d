using System.Globalization;
using Alyx.Cdk.Messaging;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Alyx.Cdk.Monitoring;

/// <summary>
/// CloudWatch alarms on the metrics the shard hosts and the orchestrator write as Embedded Metric Format lines
/// (namespace <c>Alyx</c>, dimensions Cluster and ShardId), and on error lines in the container logs. Every alarm
/// notifies the alarm topic on ALARM and on OK, and the topic feeds the orchestrator's alarm queue.
/// </summary>
internal sealed class AlyxAlarms : Construct
{
    /// <summary>The EMF namespace the shard hosts and the orchestrator write.</summary>
    public const string MetricNamespace = "Alyx";

    /// <summary>The JSON console log pattern for error and critical lines (the containers log with ALYX_LOG_FORMAT=json).</summary>
    public const string ErrorLogPattern = "{ ($.LogLevel = \"Error\") || ($.LogLevel = \"Critical\") }";

    private readonly AlyxNames _names;
    private readonly SnsAction _action;
    private readonly string _alarmTopicArn;

    public AlyxAlarms(
        Construct scope, string id, AlyxStackProps props, AlyxNames names, AlyxMessaging messaging, ILogGroup orchestratorLogs, ILogGroup shardLogs)
        : base(scope, id)
    {
        _names = names;
        _action = new SnsAction(messaging.AlarmTopic);
        _alarmTopicArn = messaging.AlarmTopic.TopicArn;

        AddLatencyAlarms(props);

        // Leader and standby orchestrators both may write the gauges, so the gap takes the highest desired count
        // and the lowest ready count of each minute.
        var gap = new MathExpression(new MathExpressionProps
        {
            Label = "Shards desired but not ready",
            Expression = "desired - ready",
            Period = Duration.Minutes(1),
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["desired"] = ClusterMetric("ShardsDesired", "Maximum"),
                ["ready"] = ClusterMetric("ShardsReady", "Minimum"),
            },
        });
        Notify(gap.CreateAlarm(this, "ShardsNotReady", new CreateAlarmOptions
        {
            AlarmName = names.AlarmName("shards-not-ready"),
            AlarmDescription = $"Fewer shards Ready than desired for {props.ShardsNotReadyMinutes} minutes in a row.",
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = props.ShardsNotReadyMinutes,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        AddInsightsAlarm(
            "HandlerErrors",
            names.AlarmName("handler-errors"),
            $"Plugin handlers threw at least {Format(props.HandlerErrorsThreshold)} times in 5 minutes over all shards.",
            $"SELECT SUM(HandlerErrors) FROM SCHEMA(\"{MetricNamespace}\", Cluster, ShardId) WHERE Cluster = '{names.Cluster}'",
            300,
            1,
            props.HandlerErrorsThreshold,
            "GreaterThanOrEqualToThreshold");

        AddLogErrorAlarm(props, orchestratorLogs, shardLogs);

        var deadLetterQueues = new[]
        {
            ("DeadLetters", "dead-letters", messaging.DeadLetterQueue),
            ("AlarmDeadLetters", "alarm-dead-letters", messaging.AlarmDeadLetterQueue),
        };
        foreach (var (alarmId, alarmSuffix, queue) in deadLetterQueues)
        {
            Notify(queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" })
                .CreateAlarm(this, alarmId, new CreateAlarmOptions
                {
                    AlarmName = names.AlarmName(alarmSuffix),
                    AlarmDescription = "Messages that kept failing are waiting in a dead-letter queue.",
                    Threshold = 1,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    EvaluationPeriods = 1,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }));
        }
    }

    public List<Alarm> Alarms { get; } = [];

    public List<CfnAlarm> QueryAlarms { get; } = [];

    private Metric ClusterMetric(string name, string statistic) => new(new MetricProps
    {
        Namespace = MetricNamespace,
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["Cluster"] = _names.Cluster },
        Statistic = statistic,
        Period = Duration.Minutes(1),
    });

    private void AddLatencyAlarms(AlyxStackProps props)
    {
        var description = $"Average gateway latency above {Format(props.GatewayLatencyThresholdMs)} ms for 5 minutes in a row.";
        if (props.ShardCount is not { } count)
        {
            // The shard count follows the cluster spec, so one query covers whatever shards exist.
            AddInsightsAlarm(
                "GatewayLatency",
                _names.AlarmName("gateway-latency"),
                description + " The query takes the highest latency of all shards.",
                $"SELECT MAX(GatewayLatency) FROM SCHEMA(\"{MetricNamespace}\", Cluster, ShardId) WHERE Cluster = '{_names.Cluster}'",
                60,
                5,
                props.GatewayLatencyThresholdMs,
                "GreaterThanThreshold");
            return;
        }

        // One alarm per shard carries the ShardId dimension, so the orchestrator can restart exactly that shard.
        for (var shard = 0; shard < count; shard++)
        {
            var shardId = shard.ToString(CultureInfo.InvariantCulture);
            var metric = new Metric(new MetricProps
            {
                Namespace = MetricNamespace,
                MetricName = "GatewayLatency",
                DimensionsMap = new Dictionary<string, string> { ["Cluster"] = _names.Cluster, ["ShardId"] = shardId },
                Statistic = "Average",
                Period = Duration.Minutes(1),
            });
            Notify(metric.CreateAlarm(this, $"GatewayLatency{shardId}", new CreateAlarmOptions
            {
                AlarmName = _names.AlarmName($"gateway-latency-shard-{shardId}"),
                AlarmDescription = description,
                Threshold = props.GatewayLatencyThresholdMs,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 5,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            }));
        }
    }

    private void AddLogErrorAlarm(AlyxStackProps props, ILogGroup orchestratorLogs, ILogGroup shardLogs)
    {
        var usingMetrics = new Dictionary<string, IMetric>();
        foreach (var (metricName, variable, logGroup) in new[] { ("OrchestratorErrors", "orchestrator", orchestratorLogs), ("ShardErrors", "shard", shardLogs) })
        {
            _ = new MetricFilter(this, metricName + "Filter", new MetricFilterProps
            {
                LogGroup = logGroup,
                FilterPattern = FilterPattern.Literal(ErrorLogPattern),
                MetricNamespace = _names.LogMetricNamespace,
                MetricName = metricName,
                MetricValue = "1",
                DefaultValue = 0,
            });
            usingMetrics[variable] = new Metric(new MetricProps
            {
                Namespace = _names.LogMetricNamespace,
                MetricName = metricName,
                Statistic = "Sum",
                Period = Duration.Minutes(5),
            });
        }

        var errors = new MathExpression(new MathExpressionProps
        {
            Label = "Error log lines",
            // A container without log lines in a period leaves its series empty there, which would hide the other's.
            Expression = "FILL(orchestrator, 0) + FILL(shard, 0)",
            Period = Duration.Minutes(5),
            UsingMetrics = usingMetrics,
        });
        Notify(errors.CreateAlarm(this, "LogErrors", new CreateAlarmOptions
        {
            AlarmName = _names.AlarmName("log-errors"),
            AlarmDescription = $"The orchestrator and the shards wrote at least {Format(props.LogErrorsThreshold)} error log lines in 5 minutes.",
            Threshold = props.LogErrorsThreshold,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
    }

    // A Metrics Insights query alarm covers every shard without knowing the shard count. The CDK's MathExpression
    // rejects SQL expressions, so this is the CloudFormation resource directly.
    private void AddInsightsAlarm(
        string id, string name, string description, string query, int periodSeconds, int evaluationPeriods, double threshold, string comparison)
    {
        var alarm = new CfnAlarm(this, id, new CfnAlarmProps
        {
            AlarmName = name,
            AlarmDescription = description,
            Metrics = new object[]
            {
                new CfnAlarm.MetricDataQueryProperty
                {
                    Id = "q1",
                    Expression = query,
                    Period = periodSeconds,
                    ReturnData = true,
                },
            },
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = evaluationPeriods,
            TreatMissingData = "notBreaching",
            AlarmActions = [_alarmTopicArn],
            OkActions = [_alarmTopicArn],
        });
        QueryAlarms.Add(alarm);
    }

    private void Notify(Alarm alarm)
    {
        alarm.AddAlarmAction(_action);
        alarm.AddOkAction(_action);
        Alarms.Add(alarm);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

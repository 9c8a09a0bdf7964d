using Alyx.Cdk.Messaging;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;

namespace Alyx.Cdk.Monitoring;

/// <summary>
/// The cluster's CloudWatch dashboard: shard readiness, per-shard graphs found by SEARCH expressions (so new shards
/// appear without a redeploy), log errors, queues and the state of every alarm.
/// </summary>
internal sealed class AlyxDashboard : Construct
{
    public AlyxDashboard(Construct scope, string id, AlyxNames names, AlyxMessaging messaging, AlyxAlarms alarms)
        : base(scope, id)
    {
        var period = Duration.Minutes(1);
        IMetric Cluster(string name, string statistic) => new Metric(new MetricProps
        {
            Namespace = AlyxAlarms.MetricNamespace,
            MetricName = name,
            DimensionsMap = new Dictionary<string, string> { ["Cluster"] = names.Cluster },
            Statistic = statistic,
            Period = period,
        });
        IMetric PerShard(string name, string statistic, string label) => new MathExpression(new MathExpressionProps
        {
            Label = label,
            Expression = $"SEARCH('{{{AlyxAlarms.MetricNamespace},Cluster,ShardId}} MetricName=\"{name}\" Cluster=\"{names.Cluster}\"', '{statistic}', 60)",
            Period = period,
        });
        GraphWidget Graph(string title, params IMetric[] metrics) => new(new GraphWidgetProps { Title = title, Left = metrics, Width = 8, Height = 6 });

        var alarmList = new List<IAlarm>(alarms.Alarms);
        foreach (var queryAlarm in alarms.QueryAlarms)
        {
            alarmList.Add(Alarm.FromAlarmArn(this, queryAlarm.Node.Id + "Ref", queryAlarm.AttrArn));
        }

        var dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DashboardName = $"alyx-{names.Cluster}" });
        dashboard.AddWidgets(
            Graph("Shards ready and desired", Cluster("ShardsReady", "Minimum"), Cluster("ShardsDesired", "Maximum")),
            Graph("Gateway latency (ms)", PerShard("GatewayLatency", "Average", "")),
            Graph("Guilds per shard", PerShard("Guilds", "Maximum", "")));
        dashboard.AddWidgets(
            Graph("Events received per minute", PerShard("EventsReceived", "Sum", "")),
            Graph("Reconnects and handler errors", PerShard("Reconnects", "Sum", "Reconnects"), PerShard("HandlerErrors", "Sum", "HandlerErrors")),
            Graph("Identify wait (ms)", PerShard("IdentifyWait", "Maximum", "")));
        dashboard.AddWidgets(
            Graph(
                "Error log lines",
                new Metric(new MetricProps { Namespace = names.LogMetricNamespace, MetricName = "OrchestratorErrors", Statistic = "Sum", Period = period }),
                new Metric(new MetricProps { Namespace = names.LogMetricNamespace, MetricName = "ShardErrors", Statistic = "Sum", Period = period })),
            Graph(
                "Queued messages",
                messaging.OrchestratorQueue.MetricApproximateNumberOfMessagesVisible(),
                messaging.AlarmQueue.MetricApproximateNumberOfMessagesVisible(),
                messaging.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible()),
            new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. alarmList], Width = 8, Height = 6 }));
    }
}

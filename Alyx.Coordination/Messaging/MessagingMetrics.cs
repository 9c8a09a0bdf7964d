using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The messaging instruments on the <c>Alyx.Messaging</c> meter, for a metrics exporter (a MeterListener or an
/// OpenTelemetry reader) to read.
/// </summary>
public static class MessagingMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Alyx.Messaging";

    /// <summary>The request duration histogram, in seconds, tagged with route and outcome.</summary>
    public const string RequestDurationName = "alyx.messaging.request.duration";

    /// <summary>The counter of inbound messages that were not handled, tagged with the reason.</summary>
    public const string InboundDroppedName = "alyx.messaging.inbound.dropped";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        RequestDurationName, unit: "s", description: "Time from sending a request or broadcast to its outcome.");

    private static readonly Counter<long> InboundDropped = Meter.CreateCounter<long>(
        InboundDroppedName, unit: "{message}", description: "Inbound messages not handled, by reason; a rejected message also counts once as dead_lettered.");

    /// <summary>Records the duration of a request. The outcome is ok, timeout, fault, canceled or broadcast.</summary>
    internal static void RecordRequest(string route, string outcome, TimeSpan duration) =>
        RequestDuration.Record(duration.TotalSeconds, new TagList { { "route", route }, { "outcome", outcome } });

    /// <summary>Counts one inbound message that was not handled, by reason.</summary>
    internal static void RecordDropped(string reason) =>
        InboundDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
}

using System.Text;
using System.Text.Json;

namespace Alyx.Shard.Metrics;

/// <summary>
/// Writes CloudWatch Embedded Metric Format lines (namespace <c>Alyx</c>, dimensions Cluster and ShardId) to a text
/// writer, standard output in production, where Fargate's awslogs driver turns them into metrics without an API call.
/// </summary>
/// <remarks>
/// Alyx.Aws has an EMF sink (<c>EmfMetricSink</c>) too, but the design lets Alyx.Shard reference only Coordination,
/// Discord and Abstractions, and going through Alyx.Coordination would give the coordination layer a metrics API it
/// has no other use for. Writing one JSON line takes this one small class, so the host writes it itself. The format
/// is a JSON object whose <c>_aws</c> member declares the metrics; the values sit at the top level beside the
/// dimension values. Nothing here reads the bot token.
/// </remarks>
public sealed class EmfMetricWriter(TextWriter output, TimeProvider timeProvider, string cluster, int shardId)
{
    /// <summary>The CloudWatch namespace.</summary>
    public const string Namespace = "Alyx";

    private readonly Lock _gate = new();

    /// <summary>Writes one line with the given metrics; metrics with a null value are left out.</summary>
    public void Write(IReadOnlyList<(string Name, string Unit, double? Value)> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var present = metrics.Where(m => m.Value is not null).ToList();
        if (present.Count == 0)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Cluster");
            json.WriteStringValue("ShardId");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in present)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Cluster", cluster);
            json.WriteString("ShardId", shardId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, _, value) in present)
            {
                json.WriteNumber(name, value!.Value);
            }

            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}

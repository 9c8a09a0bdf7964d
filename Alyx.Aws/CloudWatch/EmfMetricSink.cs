using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Alyx.Aws.CloudWatch;

/// <summary>
/// Writes metrics as CloudWatch Embedded Metric Format: one JSON object per line, with an <c>_aws</c> metadata
/// member that names the namespace, the dimension set and each metric's unit, and the dimension values and metric
/// values as top-level members. A batch over EMF's limits (100 metrics per directive, 100 values per metric) is
/// split over several lines.
/// </summary>
public sealed class EmfMetricSink : IMetricSink, IDisposable
{
    /// <summary>The maximum number of metrics in one EMF directive.</summary>
    public const int MaxMetricsPerLine = 100;

    /// <summary>The maximum number of values of one metric in one EMF line.</summary>
    public const int MaxValuesPerMetric = 100;

    /// <summary>The maximum number of keys in one EMF dimension set.</summary>
    public const int MaxDimensions = 30;

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates a sink.</summary>
    /// <param name="output">Where lines go; null is standard output.</param>
    /// <param name="timeProvider">The clock for batches without a timestamp; null is the system clock.</param>
    public EmfMetricSink(TextWriter? output = null, TimeProvider? timeProvider = null)
    {
        _output = output ?? Console.Out;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task PublishAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        var lines = Format(batch, batch.Timestamp ?? _time.GetUtcNow());
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var line in lines)
            {
                await _output.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            await _output.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Releases the write lock; the output writer stays open because the caller owns it.</summary>
    public void Dispose() => _writeLock.Dispose();

    /// <summary>Returns the EMF lines for a batch.</summary>
    /// <exception cref="ArgumentException">The batch breaks an EMF or CloudWatch limit.</exception>
    public static IReadOnlyList<string> Format(MetricBatch batch, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Validate(batch);

        // Group values by name in first-seen order, then cut each metric's values into runs of at most 100.
        var runs = new List<(string Name, string Unit, double[] Values)>();
        foreach (var group in batch.Samples.GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            var unit = group.First().Unit;
            runs.AddRange(group.Select(s => s.Value).Chunk(MaxValuesPerMetric).Select(values => (group.Key, unit, values)));
        }

        // A line contains each metric name at most once, and at most 100 names.
        var lines = new List<List<(string Name, string Unit, double[] Values)>>();
        foreach (var run in runs)
        {
            var line = lines.FirstOrDefault(l => l.Count < MaxMetricsPerLine && l.TrueForAll(r => r.Name != run.Name));
            if (line is null)
            {
                line = [];
                lines.Add(line);
            }

            line.Add(run);
        }

        return lines.Select(line => WriteLine(batch, timestamp, line)).ToList();
    }

    private static string WriteLine(MetricBatch batch, DateTimeOffset timestamp, List<(string Name, string Unit, double[] Values)> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", batch.Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var dimension in batch.Dimensions)
            {
                json.WriteStringValue(dimension.Name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in metrics)
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

            foreach (var dimension in batch.Dimensions)
            {
                json.WriteString(dimension.Name, dimension.Value);
            }

            foreach (var (name, _, values) in metrics)
            {
                if (values.Length == 1)
                {
                    json.WriteNumber(name, values[0]);
                    continue;
                }

                json.WriteStartArray(name);
                foreach (var value in values)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Validate(MetricBatch batch)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(batch.Namespace) || batch.Namespace.Length > 255 || batch.Namespace.StartsWith("AWS/", StringComparison.Ordinal))
        {
            failures.Add($"Namespace '{batch.Namespace}' is invalid; use 1 to 255 characters that do not start with 'AWS/'.");
        }

        if (batch.Dimensions.Count > MaxDimensions)
        {
            failures.Add($"The batch has {batch.Dimensions.Count} dimensions; an EMF dimension set takes at most {MaxDimensions}.");
        }

        var dimensionNames = new HashSet<string>(StringComparer.Ordinal) { "_aws" };
        foreach (var dimension in batch.Dimensions)
        {
            if (!dimensionNames.Add(dimension.Name))
            {
                failures.Add($"Dimension '{dimension.Name}' is reserved or appears twice.");
            }
        }

        foreach (var sample in batch.Samples)
        {
            if (string.IsNullOrEmpty(sample.Name) || dimensionNames.Contains(sample.Name))
            {
                failures.Add($"Metric name '{sample.Name}' is empty or equals a dimension name; EMF keeps both as top-level members.");
            }

            if (!double.IsFinite(sample.Value))
            {
                failures.Add($"Metric '{sample.Name}' has value {sample.Value}; EMF and CloudWatch take finite numbers only.");
            }

            if (!CloudWatchUnit.All.Contains(sample.Unit))
            {
                failures.Add($"Metric '{sample.Name}' has unit '{sample.Unit}', which CloudWatch does not know; use one of CloudWatchUnit.All.");
            }
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid metric batch: " + string.Join(" ", failures.Distinct()));
        }
    }
}

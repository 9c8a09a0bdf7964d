using System.Globalization;
using System.Xml.Linq;
using Alyx.Aws.Configuration;
using Alyx.Aws.Http;
using Microsoft.Extensions.Logging;

namespace Alyx.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch over the Query protocol (API version 2010-08-01, signing name <c>monitoring</c>), signed with
/// AWSSDK.Core's SigV4 signer. The service also speaks JSON and CBOR; Query needs no extra dependency.
/// </summary>
public sealed class CloudWatchClient : ICloudWatchClient, IDisposable
{
    /// <summary>The maximum number of datums in one PutMetricData call.</summary>
    public const int MaxDatumsPerCall = 1000;

    /// <summary>The maximum PutMetricData request body, in bytes (1 MB, uncompressed here).</summary>
    public const int MaxRequestBytes = 1_000_000;

    private const string Version = "2010-08-01";
    private static readonly AwsServiceInfo Service = new("CloudWatch", "monitoring", "monitoring");
    private readonly AwsHttpTransport _transport;
    private readonly TimeProvider _time;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials, timeout and retry settings; null reads them all from the environment.</param>
    /// <param name="httpClient">The HTTP client to send with; null creates (and disposes) one.</param>
    /// <param name="logger">Logs retries.</param>
    /// <param name="timeProvider">The clock for signing, timeouts, backoff and timestamp checks; null is the system clock.</param>
    /// <exception cref="AwsConfigurationException">A setting is invalid or no region is configured.</exception>
    public CloudWatchClient(AwsClientOptions? options = null, HttpClient? httpClient = null, ILogger<CloudWatchClient>? logger = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _transport = new AwsHttpTransport(Service, options ?? new AwsClientOptions(), httpClient, logger, _time);
    }

    /// <summary>The endpoint this client sends to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public async Task<int> PutMetricDataAsync(string metricNamespace, IReadOnlyList<CloudWatchMetricDatum> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        CloudWatchMetricValidator.Validate(metricNamespace, data, _time.GetUtcNow());

        var calls = 0;
        foreach (var chunk in data.Chunk(MaxDatumsPerCall))
        {
            calls += await PutChunkAsync(metricNamespace, chunk, cancellationToken);
        }

        return calls;
    }

    /// <inheritdoc />
    public async Task<CloudWatchAlarmsPage> DescribeAlarmsAsync(CloudWatchDescribeAlarmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.AlarmNames is { Count: > 0 } && request.AlarmNamePrefix is not null)
        {
            throw new ArgumentException("DescribeAlarms takes AlarmNames or AlarmNamePrefix, not both; remove one.", nameof(request));
        }

        if (request.MaxRecords is < 1 or > 100)
        {
            throw new ArgumentException($"MaxRecords is {request.MaxRecords}; DescribeAlarms pages hold 1 to 100 alarms.", nameof(request));
        }

        var query = new AwsQueryWriter("DescribeAlarms", Version);
        for (var i = 0; i < (request.AlarmNames?.Count ?? 0); i++)
        {
            query.Add($"AlarmNames.member.{i + 1}", request.AlarmNames![i]);
        }

        query.AddIfNotNull("AlarmNamePrefix", request.AlarmNamePrefix)
            .AddIfNotNull("StateValue", request.StateValue);
        if (request.MaxRecords is { } maxRecords)
        {
            query.Add("MaxRecords", maxRecords);
        }

        query.AddIfNotNull("NextToken", request.NextToken);

        var response = await _transport.SendAsync("DescribeAlarms", query.ToContent(), cancellationToken);
        var result = AwsXml.Result(response, Service.ServiceId, "DescribeAlarms");
        var alarms = result.Members("MetricAlarms").Select(ReadAlarm).ToList();
        var nextToken = result.ChildValue("NextToken");
        return new CloudWatchAlarmsPage(alarms, string.IsNullOrEmpty(nextToken) ? null : nextToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    // Sends one chunk, halving it while its body is over the size limit.
    private async Task<int> PutChunkAsync(string metricNamespace, IReadOnlyList<CloudWatchMetricDatum> chunk, CancellationToken cancellationToken)
    {
        var content = CreatePutMetricData(metricNamespace, chunk);
        if (content.Body.Length > MaxRequestBytes && chunk.Count > 1)
        {
            var half = chunk.Count / 2;
            return await PutChunkAsync(metricNamespace, chunk.Take(half).ToList(), cancellationToken)
                + await PutChunkAsync(metricNamespace, chunk.Skip(half).ToList(), cancellationToken);
        }

        await _transport.SendAsync("PutMetricData", content, cancellationToken);
        return 1;
    }

    // Members follow the service model's order (MetricName, Dimensions, Timestamp, Value, StatisticValues, Values,
    // Counts, Unit, StorageResolution), as botocore writes them for input given in that order.
    internal static AwsRequestContent CreatePutMetricData(string metricNamespace, IReadOnlyList<CloudWatchMetricDatum> data)
    {
        var query = new AwsQueryWriter("PutMetricData", Version).Add("Namespace", metricNamespace);
        for (var i = 0; i < data.Count; i++)
        {
            var datum = data[i];
            var prefix = $"MetricData.member.{i + 1}";
            query.Add($"{prefix}.MetricName", datum.MetricName);
            for (var d = 0; d < datum.Dimensions.Count; d++)
            {
                query.Add($"{prefix}.Dimensions.member.{d + 1}.Name", datum.Dimensions[d].Name)
                    .Add($"{prefix}.Dimensions.member.{d + 1}.Value", datum.Dimensions[d].Value);
            }

            if (datum.Timestamp is { } timestamp)
            {
                query.Add($"{prefix}.Timestamp", timestamp);
            }

            if (datum.Value is { } value)
            {
                query.Add($"{prefix}.Value", value);
            }

            if (datum.StatisticValues is { } statistics)
            {
                query.Add($"{prefix}.StatisticValues.SampleCount", statistics.SampleCount)
                    .Add($"{prefix}.StatisticValues.Sum", statistics.Sum)
                    .Add($"{prefix}.StatisticValues.Minimum", statistics.Minimum)
                    .Add($"{prefix}.StatisticValues.Maximum", statistics.Maximum);
            }

            AddList(query, $"{prefix}.Values", datum.Values);
            AddList(query, $"{prefix}.Counts", datum.Counts);
            query.AddIfNotNull($"{prefix}.Unit", datum.Unit);
            if (datum.StorageResolution is { } resolution)
            {
                query.Add($"{prefix}.StorageResolution", resolution);
            }
        }

        return query.ToContent();
    }

    private static void AddList(AwsQueryWriter query, string prefix, IReadOnlyList<double>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            query.Add($"{prefix}.member.{i + 1}", values![i]);
        }
    }

    private static CloudWatchMetricAlarm ReadAlarm(XElement member) => new()
    {
        AlarmName = member.ChildValue("AlarmName") ?? string.Empty,
        AlarmArn = member.ChildValue("AlarmArn"),
        StateValue = member.ChildValue("StateValue"),
        StateReason = member.ChildValue("StateReason"),
        StateUpdatedTimestamp = ParseTimestamp(member.ChildValue("StateUpdatedTimestamp")),
        MetricName = member.ChildValue("MetricName"),
        Namespace = member.ChildValue("Namespace"),
        Statistic = member.ChildValue("Statistic"),
        Dimensions = member.Members("Dimensions")
            .Select(d => new CloudWatchDimension(d.ChildValue("Name") ?? string.Empty, d.ChildValue("Value") ?? string.Empty))
            .ToList(),
        Period = ParseInt(member.ChildValue("Period")),
        EvaluationPeriods = ParseInt(member.ChildValue("EvaluationPeriods")),
        Threshold = double.TryParse(member.ChildValue("Threshold"), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) ? threshold : null,
        ComparisonOperator = member.ChildValue("ComparisonOperator"),
    };

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}

using System.Threading.Channels;
using Alyx.Aws.CloudWatch;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Leadership;
using Alyx.Orchestrator.Reconcile;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Health;

/// <summary>
/// Publishes the cluster gauges ShardsReady and ShardsDesired (namespace <c>Alyx</c>, dimension <c>Cluster</c>) after
/// each reconcile pass, from the status that pass wrote. The CDK stack's shards-not-ready alarm reads both. Only the
/// leader runs passes, so a standby publishes nothing.
/// </summary>
public sealed partial class OrchestratorMetrics(
    OrchestratorRunner runner, IClusterStateStore state, IMetricSink sink, string cluster, ILogger<OrchestratorMetrics> logger) : BackgroundService
{
    /// <summary>The CloudWatch namespace, shared with the shard hosts' metrics.</summary>
    public const string Namespace = "Alyx";

    // Passes that end while a publish runs fold into one, because only the latest status matters.
    private readonly Channel<bool> _passes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Returns the gauges of one status: the active set's shard count and how many of its shards are Ready.</summary>
    /// <remarks>
    /// NOTE: during a blue-green reshard both gauges describe the set that serves events, not the pending set that
    /// is still starting. The pending set's shards count only once it becomes active.
    /// </remarks>
    public static MetricBatch Measure(string cluster, ClusterStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentNullException.ThrowIfNull(status);
        var ready = status.Shards.Count(shard => shard.Phase == ShardPhase.Ready);
        return new MetricBatch(
            Namespace,
            [new CloudWatchDimension("Cluster", cluster)],
            [new MetricSample("ShardsReady", ready, CloudWatchUnit.Count), new MetricSample("ShardsDesired", status.ShardCount, CloudWatchUnit.Count)]);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnPassCompleted(object? sender, ReconcileResult result) => _passes.Writer.TryWrite(true);

        runner.PassCompleted += OnPassCompleted;
        try
        {
            await foreach (var _ in _passes.Reader.ReadAllAsync(stoppingToken))
            {
                await PublishAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            runner.PassCompleted -= OnPassCompleted;
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            var status = await state.ReadStatusAsync(cancellationToken);
            if (status is not null)
            {
                await sink.PublishAsync(Measure(cluster, status), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
        {
            // The next pass tries again; a gap in the gauges leaves the alarm's data missing, which it treats as not breaching.
            LogPublishFailed(cluster, exception);
        }
    }

    [LoggerMessage(EventId = 8303, Level = LogLevel.Warning, Message = "Publishing the shard gauges of cluster {Cluster} failed; the next pass tries again")]
    private partial void LogPublishFailed(string cluster, Exception exception);
}

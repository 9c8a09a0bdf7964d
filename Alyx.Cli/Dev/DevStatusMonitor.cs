using System.Diagnostics;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Spectre.Console;
using StackExchange.Redis;

namespace Alyx.Cli.Dev;

/// <summary>
/// Runs the orchestrator of <c>alyx dev</c> until --duration ends or Ctrl+C, and shows its status meanwhile: a live
/// table on a terminal, a line per change otherwise, nothing with --output json.
/// </summary>
public sealed class DevStatusMonitor(TextWriter output, DevSettings settings)
{
    /// <summary>Runs until the run ends; Ctrl+C through <paramref name="cancellationToken"/> is a normal end, not an error.</summary>
    public async Task<DevRunReport> RunAsync(OrchestratorHost host, IClusterStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(store);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.DurationSeconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(settings.DurationSeconds));
        }

        var clock = Stopwatch.StartNew();
        var run = host.Runner.RunAsync(stop.Token);
        double? boot = null;
        ClusterStatus? status = null;
        var lastLine = "";

        // A reshard starts a set whose shards count restarts from 0, so the highest count seen per set and shard is kept.
        var restarts = new Dictionary<(long ShardSet, int ShardId), int>();
        void CountRestarts()
        {
            foreach (var shard in status?.Shards ?? [])
            {
                var key = (status!.ActiveShardSetEpoch, shard.ShardId);
                restarts[key] = Math.Max(restarts.GetValueOrDefault(key), shard.RestartCount);
            }
        }

        // The live table needs a terminal; pipes, tests and --output json get plain lines, which stay parseable.
        if (!settings.Json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(LiveStatusTable.Build(settings.Cluster, null, TimeSpan.Zero, DateTimeOffset.UtcNow))
                .AutoClear(true)
                .StartAsync(async context => await PollAsync(() =>
                {
                    context.UpdateTarget(LiveStatusTable.Build(settings.Cluster, status, clock.Elapsed, DateTimeOffset.UtcNow));
                    context.Refresh();
                    return Task.CompletedTask;
                }));
        }
        else
        {
            await PollAsync(async () =>
            {
                var ready = status!.Shards.Count(shard => shard.Phase == ShardPhase.Ready);
                var line = $"{clock.Elapsed.TotalSeconds,6:0.0} s  set {status.ActiveShardSetEpoch}  ready {ready}/{status.ShardCount}  "
                    + string.Join(" ", status.Shards.Select(shard => Abbreviation(shard.Phase)));
                if (!settings.Json && line[9..] != (lastLine.Length > 9 ? lastLine[9..] : ""))
                {
                    await output.WriteLineAsync(line);
                    lastLine = line;
                }
            });
        }

        async Task PollAsync(Func<Task> show)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                status = await store.ReadStatusAsync(CancellationToken.None) ?? status;
                if (status is null)
                {
                    continue;
                }

                CountRestarts();

                if (boot is null && status.ShardCount > 0 && status.Shards.Count(shard => shard.Phase == ShardPhase.Ready) == status.ShardCount)
                {
                    boot = clock.Elapsed.TotalSeconds;
                }

                await show();
            }
        }

        try
        {
            await run;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The end of --duration or Ctrl+C; the summary follows either way.
        }

        try
        {
            status = await store.ReadStatusAsync(CancellationToken.None) ?? status;
        }
        catch (Exception exception) when (exception is RedisException or CoordinationUnavailableException or TimeoutException)
        {
            // A Redis that stopped with the run (such as one that got the terminal's Ctrl+C) leaves the last polled status.
        }

        CountRestarts();
        return new DevRunReport(status, boot, cancellationToken.IsCancellationRequested, restarts.Values.Sum());
    }

    private static string Abbreviation(ShardPhase phase) => phase switch
    {
        ShardPhase.Ready => "R",
        ShardPhase.Identifying => "I",
        ShardPhase.Connecting => "C",
        ShardPhase.Resuming => "r",
        ShardPhase.Launching => "L",
        ShardPhase.Pending => ".",
        ShardPhase.Stopping => "S",
        ShardPhase.CrashLoop => "X",
        _ => "F",
    };
}

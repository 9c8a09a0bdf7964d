using System.Text.Json;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;
using Alyx.Discord.Gateway;
using Alyx.Shard.Metrics;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Plugins;

/// <summary>
/// Hands the gateway's dispatch events to every plugin: it translates each event once, then puts it on the queue of
/// each plugin that wants it (see <see cref="PluginRunner"/>). It starts the plugins when the shard is first Ready
/// and drains them on shutdown within a bound.
/// </summary>
internal sealed partial class PluginDispatcher : IDisposable
{
    private readonly List<PluginRunner> _runners;
    private readonly bool _translate;
    private readonly ShardMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abandon = new();
    private Func<IAlyxPlugin, IPluginContext>? _contextFor;
    private int _started;
    private readonly TaskCompletionSource _pluginsStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <exception cref="InvalidOperationException">Two plugins share a name.</exception>
    public PluginDispatcher(IEnumerable<IAlyxPlugin> plugins, ShardMetrics metrics, TimeProvider timeProvider, Func<bool> mayHandle, ILoggerFactory loggerFactory)
    {
        var list = plugins.ToList();
        var duplicate = list.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two plugins are named '{duplicate.Key}': each plugin needs a unique name; remove one or rename it.");
        }

        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<PluginDispatcher>();
        var runnerLogger = loggerFactory.CreateLogger<PluginRunner>();
        _runners = [.. list.Select(plugin => new PluginRunner(plugin, metrics, timeProvider, mayHandle, runnerLogger))];
        _translate = _runners.Any(r => r.Events.HasTypedHandlers);
    }

    /// <summary>The plugins, in registration order.</summary>
    public IReadOnlyList<IAlyxPlugin> Plugins => [.. _runners.Select(r => r.Plugin)];

    /// <summary>Starts the workers; handlers run once <see cref="StartPlugins"/> started each plugin.</summary>
    public void Run(Func<IAlyxPlugin, IPluginContext> contextFor)
    {
        _contextFor = contextFor;
        foreach (var runner in _runners)
        {
            runner.Run(contextFor(runner.Plugin), _abandon.Token);
        }
    }

    /// <summary>Queues one event for every plugin that wants it. Called on the gateway's receive loop, so it never blocks.</summary>
    public void Enqueue(GatewayDispatch dispatch)
    {
        _metrics.EventReceived();
        object? typed = null;
        if (_translate)
        {
            try
            {
                typed = EventTranslator.Translate(dispatch);
            }
            catch (JsonException exception)
            {
                LogTranslateFailed(dispatch.Name, dispatch.Sequence, exception);
            }
        }

        // The gateway reuses nothing of the payload after the event, but plugins may hold the memory past it.
        var pluginEvent = new PluginEvent(new DispatchEvent(dispatch.Name, dispatch.Sequence, dispatch.Data), typed, _timeProvider.GetTimestamp());
        foreach (var runner in _runners)
        {
            runner.Enqueue(pluginEvent);
        }
    }

    /// <summary>Starts every plugin once, on the shard's first Ready; later calls do nothing.</summary>
    public void StartPlugins(CancellationToken cancellationToken)
    {
        if (_contextFor is null || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        var starts = _runners.Select(runner => runner.StartPluginAsync(_contextFor(runner.Plugin), cancellationToken)).ToArray();
        _ = Task.WhenAll(starts).ContinueWith(_ => _pluginsStarted.TrySetResult(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>
    /// Completes when every plugin's StartAsync has returned or failed, so every route a plugin registers at its start
    /// is registered.
    /// </summary>
    public Task PluginsStarted => _pluginsStarted.Task;

    /// <summary>
    /// Takes no more events, waits up to <paramref name="timeout"/> for the queued and in-flight handlers, then cancels
    /// the rest, and stops the plugins. Returns the number of events left queued and, when handlers were cut short,
    /// the last sequence every plugin had finished, from which a successor can resume to see the rest again.
    /// </summary>
    public async Task<(int Unhandled, int? HandledThrough)> DrainAndStopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var workers = _runners.Select(r => r.CompleteAsync()).ToArray();
        var pending = 0;
        int? handledThrough = null;
        try
        {
            await Task.WhenAll(workers).WaitAsync(timeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            pending = _runners.Sum(r => r.Pending);
            handledThrough = _runners.Select(r => r.LastCompletedWhileBusy).Where(s => s is not null).Min();
            LogDrainTimedOut(timeout, pending);
            await _abandon.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(1), _timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (Volatile.Read(ref _started) == 1)
        {
            foreach (var runner in _runners)
            {
                await runner.StopPluginAsync(cancellationToken);
            }
        }

        return (pending, handledThrough);
    }

    /// <summary>Cancels every handler at once, for a lease loss, where nothing more may be sent.</summary>
    public Task AbandonAsync() => _abandon.CancelAsync();

    public void Dispose() => _abandon.Dispose();

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Event {EventName} (sequence {Sequence}) did not match its record; only raw handlers get it")]
    private partial void LogTranslateFailed(string eventName, int sequence, Exception exception);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Plugin handlers did not finish within {Timeout}; canceling them with {Pending} events still queued")]
    private partial void LogDrainTimedOut(TimeSpan timeout, int pending);
}

using System.Threading.Channels;
using Alyx.Abstractions.Plugins;
using Alyx.Shard.Metrics;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Plugins;

/// <summary>
/// One plugin's queue and worker. Events wait in an unbounded queue, so the gateway's receive loop never waits for a
/// plugin, and one worker runs the plugin's handlers in order, so a slow plugin delays only itself. A handler that
/// throws is logged with the plugin's name and the event and counted; the worker moves on.
/// </summary>
internal sealed partial class PluginRunner
{
    private readonly Channel<PluginEvent> _queue = Channel.CreateUnbounded<PluginEvent>();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PluginEventRegistry _events = new();
    private readonly ShardMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly Func<bool> _mayHandle;
    private readonly ILogger _logger;
    private Task _worker = Task.CompletedTask;
    private bool _failed;
    private int _outstanding;
    private int _lastCompletedSequence;

    public PluginRunner(IAlyxPlugin plugin, ShardMetrics metrics, TimeProvider timeProvider, Func<bool> mayHandle, ILogger logger)
    {
        Plugin = plugin;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _mayHandle = mayHandle;
        _logger = logger;
        plugin.ConfigureEvents(_events);
    }

    public IAlyxPlugin Plugin { get; }

    public PluginEventRegistry Events => _events;

    /// <summary>Events waiting in the queue.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>
    /// The sequence of the last event this plugin finished, or null when it has none queued or running. Events arrive
    /// in sequence order, so every later event this plugin wants is still unfinished.
    /// </summary>
    public int? LastCompletedWhileBusy => Volatile.Read(ref _outstanding) > 0 ? Volatile.Read(ref _lastCompletedSequence) : null;

    /// <summary>Starts the worker; it runs no handler before <see cref="StartPluginAsync"/> completed.</summary>
    public void Run(IPluginContext context, CancellationToken abandon) =>
        _worker = Task.Run(() => WorkAsync(context, abandon), CancellationToken.None);

    /// <summary>Queues an event if the plugin wants it; never blocks.</summary>
    public void Enqueue(PluginEvent pluginEvent)
    {
        if (_events.Wants(pluginEvent.Raw.Name))
        {
            // Counted before the write and uncounted after the handlers, so a dequeued event never looks finished early.
            Interlocked.Increment(ref _outstanding);
            if (!_queue.Writer.TryWrite(pluginEvent))
            {
                Interlocked.Decrement(ref _outstanding);
            }
        }
    }

    /// <summary>Runs the plugin's StartAsync; a plugin that throws is logged, counted and gets no events.</summary>
    public async Task StartPluginAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Plugin.StartAsync(context, cancellationToken);
            LogStarted(Plugin.Name, Plugin.Version);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failed = true;
            _metrics.HandlerFailed();
            LogStartFailed(Plugin.Name, exception);
        }
        finally
        {
            _started.TrySetResult();
        }
    }

    /// <summary>Takes no more events; the worker finishes the queued ones.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        _started.TrySetResult();
        return _worker;
    }

    public async Task StopPluginAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Plugin.StopAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStopFailed(Plugin.Name, exception);
        }
    }

    private async Task WorkAsync(IPluginContext context, CancellationToken abandon)
    {
        await _started.Task;
        try
        {
            await foreach (var pluginEvent in _queue.Reader.ReadAllAsync(abandon))
            {
                // A host resumed after a pause past its lease deadline handles nothing more: another host owns the shard.
                if (_failed || !_mayHandle())
                {
                    Complete(pluginEvent);
                    continue;
                }

                _metrics.DispatchLatency(_timeProvider.GetElapsedTime(pluginEvent.ReceivedAt));
                await RunHandlersAsync(pluginEvent, context, abandon);
                Complete(pluginEvent);
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            LogAbandoned(Plugin.Name, _queue.Reader.Count);
        }
    }

    private void Complete(PluginEvent pluginEvent)
    {
        Volatile.Write(ref _lastCompletedSequence, pluginEvent.Raw.Sequence);
        Interlocked.Decrement(ref _outstanding);
    }

    private async Task RunHandlersAsync(PluginEvent pluginEvent, IPluginContext context, CancellationToken abandon)
    {
        foreach (var handler in _events.HandlersFor(pluginEvent.Raw.Name))
        {
            try
            {
                await handler(pluginEvent, context, abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                _metrics.HandlerFailed();
                LogHandlerFailed(Plugin.Name, pluginEvent.Raw.Name, pluginEvent.Raw.Sequence, exception);
            }
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Plugin {Plugin} {Version} started")]
    private partial void LogStarted(string plugin, Version version);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Plugin {Plugin} failed to start; it receives no events")]
    private partial void LogStartFailed(string plugin, Exception exception);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Error, Message = "Plugin {Plugin} handler for {EventName} (sequence {Sequence}) threw")]
    private partial void LogHandlerFailed(string plugin, string eventName, int sequence, Exception exception);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Plugin {Plugin} failed to stop")]
    private partial void LogStopFailed(string plugin, Exception exception);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Error, Message = "Plugin {Plugin}: shutdown canceled its in-flight handler; {Pending} queued events were not handled by this host")]
    private partial void LogAbandoned(string plugin, int pending);
}

using System.Collections.Concurrent;
using Alyx.Shard.Coordination;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// Runs each shard host as a Generic Host inside this process: the embedded default for <c>alyx dev</c> and small bots.
/// Hosts pass the cluster's identify gate (in Redis, or in memory when given a shared provider), so launches need no pacing.
/// </summary>
public sealed partial class InProcessShardLauncher : IShardLauncher, IAsyncDisposable
{
    private readonly ShardHostSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InProcessShardLauncher> _logger;
    private readonly IShardCoordinationProvider? _coordination;
    private readonly Action<HostApplicationBuilder>? _configureHost;
    private readonly ConcurrentDictionary<string, Running> _tasks = new(StringComparer.Ordinal);

    /// <summary>Creates the launcher.</summary>
    /// <param name="settings">What every host gets besides its assignment.</param>
    /// <param name="timeProvider">The clock for task start times.</param>
    /// <param name="logger">The launcher's logger.</param>
    /// <param name="coordination">The coordination every host shares (in-memory), or null for Redis at the settings' endpoints.</param>
    /// <param name="configureHost">Adds to each host before it is built, such as plugins registered in code; or null.</param>
    public InProcessShardLauncher(
        ShardHostSettings settings, TimeProvider timeProvider, ILogger<InProcessShardLauncher> logger,
        IShardCoordinationProvider? coordination = null, Action<HostApplicationBuilder>? configureHost = null)
    {
        _coordination = coordination;
        _configureHost = configureHost;
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public bool HostsShareIdentifyGate => true;

    /// <inheritdoc />
    public event EventHandler<ShardTaskExit>? TaskExited;

    /// <inheritdoc />
    public async Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_tasks.TryGetValue(request.TaskId, out var existing))
        {
            return existing.Task;
        }

        EnsureThreadPoolMinimum(_tasks.Count + 1);
        var environment = _settings.ToEnvironment(request);
        var builder = ShardHostBuilder.Create([], name => environment.GetValueOrDefault(name));

        // The embedding process owns the console, so hosts log nothing there.
        builder.Logging.ClearProviders();
        if (_coordination is not null)
        {
            builder.Services.AddSingleton(_coordination);
        }

        _configureHost?.Invoke(builder);

        var host = builder.Build();
        var exit = host.Services.GetRequiredService<ShardExit>();
        var task = new ShardTask(request.TaskId, request.ShardSet, request.ShardId, request.ShardCount, _timeProvider.GetUtcNow(), null);
        var running = new Running(task, host);
        _tasks[request.TaskId] = running;
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException exception)
        {
            // A host process would exit with InvalidConfiguration here; report the same through the exit event.
            running.Disposed = true;
            _tasks.TryRemove(request.TaskId, out _);
            host.Dispose();
            var reason = "Invalid configuration: " + string.Join(" ", exception.Failures);
            _ = Task.Run(() => TaskExited?.Invoke(this, new ShardTaskExit(task, ShardExitCode.InvalidConfiguration, (int)ShardExitCode.InvalidConfiguration, reason, false)), CancellationToken.None);
            return task;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A launch cancelled part way (its leader's term ended) leaves no listed task. Otherwise a later launch of
            // the same task id would return this host, which never started, and the shard would wait for it in vain.
            running.Disposed = true;
            _tasks.TryRemove(request.TaskId, out _);
            await StopUnstartedAsync(request.TaskId, host);
            throw;
        }

        running.Completion = WatchAsync(running, exit);
        LogLaunched(request.TaskId, request.ShardSet, request.ShardId);
        return task;
    }

    /// <inheritdoc />
    public async Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(taskId, out var running))
        {
            return false;
        }

        // The watcher disposes the host once it stopped by itself; the lock keeps a stop from racing that.
        await running.Lock.WaitAsync(cancellationToken);
        try
        {
            if (running.Disposed)
            {
                return false;
            }

            running.StopReason ??= reason;
            LogStopping(taskId, reason);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_settings.ShutdownTimeout);
            await running.Host.StopAsync(timeout.Token);
            return true;
        }
        finally
        {
            running.Lock.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ShardTask>>([.. _tasks.Values.Select(running => running.Task)]);

    /// <summary>Stops every host and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        var all = _tasks.Values.ToList();
        await Task.WhenAll(all.Select(running => StopAsync(running.Task.TaskId, "launcher disposed", CancellationToken.None)));
        await Task.WhenAll(all.Select(running => running.Completion ?? Task.CompletedTask));
    }

    /// <summary>
    /// Raises the thread pool's minimum worker threads to two per host. In-process hosts share one pool. A burst of
    /// launches, each building a host (configuration files, dependency injection, plugin loading), otherwise queues
    /// the running hosts' gateway loops behind that work until the pool grows. A late IDENTIFY then misses its
    /// identify slot, and a late heartbeat looks like a dead connection.
    /// </summary>
    private static void EnsureThreadPoolMinimum(int hosts)
    {
        const int MaxMinimum = 512;
        var requested = Math.Min(MaxMinimum, Environment.ProcessorCount + (2 * hosts));
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < requested)
        {
            ThreadPool.SetMinThreads(requested, completionPorts);
        }
    }

    /// <summary>Stops the hosted services that started before a launch failed, then frees the host.</summary>
    private async Task StopUnstartedAsync(string taskId, IHost host)
    {
        using var timeout = new CancellationTokenSource(_settings.ShutdownTimeout);
        try
        {
            await host.StopAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHostFailed(taskId, exception);
        }

        host.Dispose();
    }

    private async Task WatchAsync(Running running, ShardExit exit)
    {
        try
        {
            await running.Host.WaitForShutdownAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHostFailed(running.Task.TaskId, exception);
        }

        var (code, reason) = exit.Result.IsCompletedSuccessfully ? exit.Result.Result : (ShardExitCode.Stopped, running.StopReason ?? "host stopped");
        await running.Lock.WaitAsync();
        try
        {
            running.Disposed = true;
            _tasks.TryRemove(running.Task.TaskId, out _);
            running.Host.Dispose();
        }
        finally
        {
            running.Lock.Release();
        }

        TaskExited?.Invoke(this, new ShardTaskExit(running.Task, code, (int)code, reason, running.StopReason is not null));
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Launched in-process task {TaskId} for set {ShardSet} shard {ShardId}")]
    private partial void LogLaunched(string taskId, long shardSet, int shardId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Stopping in-process task {TaskId}: {Reason}")]
    private partial void LogStopping(string taskId, string reason);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "In-process task {TaskId} failed while stopping")]
    private partial void LogHostFailed(string taskId, Exception exception);

    private sealed class Running(ShardTask task, IHost host)
    {
        public ShardTask Task { get; } = task;

        public IHost Host { get; } = host;

        public string? StopReason { get; set; }

        public Task? Completion { get; set; }

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public bool Disposed { get; set; }
    }
}

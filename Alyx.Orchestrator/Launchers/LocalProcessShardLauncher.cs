using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// Runs each shard host as a child process (<c>dotnet Alyx.Shard.dll</c>) on this machine. The process's exit event
/// reports a dead host at once.
/// </summary>
public sealed partial class LocalProcessShardLauncher : IShardLauncher, IAsyncDisposable
{
    private readonly ShardHostSettings _settings;
    private readonly string _hostPath;
    private readonly string _dotnetPath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalProcessShardLauncher> _logger;
    private readonly ConcurrentDictionary<string, Child> _children = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ShardTask> _adopted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _adoptedStops = new(StringComparer.Ordinal);
    private readonly TaskRecordDirectory? _records;

    /// <summary>Creates the launcher.</summary>
    /// <param name="settings">What every host gets besides its assignment.</param>
    /// <param name="hostPath">The shard host assembly; null for <c>Alyx.Shard.dll</c> beside this assembly.</param>
    /// <param name="timeProvider">The clock for task start times.</param>
    /// <param name="logger">The launcher's logger.</param>
    /// <param name="records">Where task records live, so a restarted orchestrator adopts running hosts; null keeps none.</param>
    /// <exception cref="FileNotFoundException">The shard host assembly does not exist.</exception>
    public LocalProcessShardLauncher(
        ShardHostSettings settings, string? hostPath, TimeProvider timeProvider, ILogger<LocalProcessShardLauncher> logger, TaskRecordDirectory? records = null)
    {
        _records = records;
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _hostPath = hostPath ?? Path.Combine(AppContext.BaseDirectory, "Alyx.Shard.dll");
        if (!File.Exists(_hostPath))
        {
            throw new FileNotFoundException($"Shard host assembly '{_hostPath}' not found; build Alyx.Shard or pass its path.", _hostPath);
        }

        // The SDK sets DOTNET_HOST_PATH under `dotnet run` and `dotnet test`; elsewhere `dotnet` must be on PATH.
        _dotnetPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    /// <inheritdoc />
    public bool HostsShareIdentifyGate => true;

    /// <inheritdoc />
    public event EventHandler<ShardTaskExit>? TaskExited;

    /// <inheritdoc />
    public Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_children.TryGetValue(request.TaskId, out var existing))
        {
            return Task.FromResult(existing.Task);
        }

        if (_adopted.TryGetValue(request.TaskId, out var adopted))
        {
            return Task.FromResult(adopted);
        }

        var start = new ProcessStartInfo(_dotnetPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(_hostPath);
        foreach (var (name, value) in _settings.ToEnvironment(request))
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new Child(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => child.Errors.Add(line.Data);
        process.Exited += (_, _) => OnExited(child);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Task = new ShardTask(request.TaskId, request.ShardSet, request.ShardId, request.ShardCount, _timeProvider.GetUtcNow(), process.Id);
        _children[request.TaskId] = child;
        _records?.Write(child.Task);
        child.Started.TrySetResult();
        LogLaunched(request.TaskId, request.ShardSet, request.ShardId, process.Id);
        return Task.FromResult(child.Task);
    }

    /// <inheritdoc />
    public async Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        if (!_children.TryGetValue(taskId, out var child))
        {
            return _adopted.TryGetValue(taskId, out var adopted) && await StopAdoptedAsync(adopted, reason, cancellationToken);
        }

        // The process may exit at any moment, and OnExited then disposes its Process object, so everything here
        // uses the recorded process id and the child's exit signal instead of that object.
        child.StopReason = reason;
        var processId = child.Task.ProcessId ?? 0;
        LogStopping(taskId, processId, reason);
        await SignalTerminateAsync(processId, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.ShutdownTimeout + TimeSpan.FromSeconds(2));
        try
        {
            await child.Exited.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A host that ignores SIGTERM (or is paused by SIGSTOP) gets SIGKILL after the stop timeout.
            LogKilled(taskId, processId);
            KillTree(child);
        }

        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken)
    {
        AdoptRecordedTasks();
        return Task.FromResult<IReadOnlyList<ShardTask>>([.. _children.Values.Select(child => child.Task), .. _adopted.Values]);
    }

    /// <summary>Stops every child and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        var all = _children.Keys.Concat(_adopted.Keys).ToList();
        await Task.WhenAll(all.Select(taskId => StopAsync(taskId, "launcher disposed", CancellationToken.None)));
    }

    private static async Task SignalTerminateAsync(int processId, CancellationToken cancellationToken)
    {
        // .NET sends only SIGKILL (Process.Kill), and the host needs SIGTERM to hand its session over.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        if (kill is not null)
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
    }

    private static void KillTree(Child child)
    {
        try
        {
            child.Process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // The process exited, and OnExited disposed it, between the timeout and the kill: nothing is left to kill.
        }
    }

    private void OnExited(Child child)
    {
        try
        {
            // Exited can fire before LaunchAsync stored the task, for a host that dies at once.
            child.Started.Task.Wait();
            var raw = child.Process.ExitCode;
            var code = Enum.IsDefined(typeof(ShardExitCode), raw) ? (ShardExitCode)raw : ShardExitCode.UnexpectedError;
            // The reconciler puts the exit code's meaning (ShardExitText) before this reason.
            var reason = child.StopReason ?? (child.Errors.LastError is { } error ? "last error: " + error : "no error output");
            _children.TryRemove(child.Task.TaskId, out _);
            _records?.Delete(child.Task.TaskId);
            LogExited(child.Task.TaskId, child.Task.ProcessId ?? 0, raw);
            child.Process.Dispose();
            TaskExited?.Invoke(this, new ShardTaskExit(child.Task, code, raw, reason, child.StopReason is not null));
        }
        finally
        {
            child.Exited.TrySetResult();
        }
    }

    [LoggerMessage(EventId = 8111, Level = LogLevel.Information, Message = "Launched task {TaskId} for set {ShardSet} shard {ShardId} as process {ProcessId}")]
    private partial void LogLaunched(string taskId, long shardSet, int shardId, int processId);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Information, Message = "Stopping task {TaskId} (process {ProcessId}): {Reason}")]
    private partial void LogStopping(string taskId, int processId, string reason);

    [LoggerMessage(EventId = 8113, Level = LogLevel.Warning, Message = "Task {TaskId} (process {ProcessId}) did not stop in time; killed it")]
    private partial void LogKilled(string taskId, int processId);

    [LoggerMessage(EventId = 8114, Level = LogLevel.Information, Message = "Task {TaskId} (process {ProcessId}) exited with code {ExitCode}")]
    private partial void LogExited(string taskId, int processId, int exitCode);

    [LoggerMessage(EventId = 8115, Level = LogLevel.Information, Message = "Adopted task {TaskId} (process {ProcessId}) started by a previous orchestrator")]
    private partial void LogAdopted(string taskId, int processId);

    private sealed class Child(Process process)
    {
        public Process Process { get; } = process;

        public ShardTask Task { get; set; } = null!; // Set right after the process starts, before Started completes.

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when OnExited has handled the exit, which also disposes <see cref="Process"/>.</summary>
        public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? StopReason { get; set; }

        public ErrorLineTracker Errors { get; } = new();
    }
}

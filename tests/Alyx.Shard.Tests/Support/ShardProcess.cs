using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Alyx.Shard.Tests.Support;

/// <summary>A shard host run as a real child process, <c>dotnet Alyx.Shard.dll</c>, with its output captured.</summary>
public sealed partial class ShardProcess : IAsyncDisposable
{
    /// <summary>Linux signal numbers (x86-64 and arm64).</summary>
    public const int SigTerm = 15;

    /// <summary>Stops the process until <see cref="SigCont"/>.</summary>
    public const int SigStop = 19;

    /// <summary>Continues a stopped process.</summary>
    public const int SigCont = 18;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly Lock _gate = new();

    private ShardProcess(Process process, string taskId)
    {
        _process = process;
        TaskId = taskId;
    }

    /// <summary>The task id the host runs as.</summary>
    public string TaskId { get; }

    /// <summary>Every line of standard output and standard error so far.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts the host with the given variables on top of the test process's environment.</summary>
    public static ShardProcess Start(string taskId, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.ShardDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["ALYX_TASK_ID"] = taskId;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var shard = new ShardProcess(process, taskId);
        process.OutputDataReceived += (_, e) => shard.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => shard.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return shard;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>, seen before or after the call.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = _lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal));
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            _waiters.Add((line => line.Contains(text, StringComparison.Ordinal), signal));
        }

        return WaitOrExplainAsync(signal.Task, text, timeout);
    }

    private async Task<string> WaitOrExplainAsync(Task<string> line, string text, TimeSpan timeout)
    {
        try
        {
            return await line.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{TaskId} wrote no line containing '{text}' within {timeout}. Output:\n{Output}");
        }
    }

    /// <summary>Sends a signal to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Whether the process still runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Signal.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

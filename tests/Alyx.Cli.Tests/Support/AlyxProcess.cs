using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Alyx.Cli.Tests.Support;

/// <summary>
/// A real <c>alyx</c> child process (<c>dotnet alyx.dll ...</c> from the test's output folder), for what only a
/// separate process shows: signals, exit codes and child processes left behind. Disposing kills it if it still runs.
/// </summary>
internal sealed class AlyxProcess : IAsyncDisposable
{
    /// <summary>A generous bound for one alyx run's start or stop on a busy machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly ConcurrentBag<(Func<string, bool> Match, TaskCompletionSource<string> Signal)> _waiters = [];

    private AlyxProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <c>alyx</c> with <paramref name="args"/>; <paramref name="environment"/> adds or overrides variables.</summary>
    public static AlyxProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(environment, false, args);

    /// <summary>
    /// Starts <c>alyx</c>; with <paramref name="ownProcessGroup"/> it runs in a session and process group of its own,
    /// led by itself, as a command in a terminal does, so <see cref="SignalGroupAsync"/> reaches it and its children.
    /// </summary>
    public static AlyxProcess Start(IReadOnlyDictionary<string, string>? environment, bool ownProcessGroup, params string[] args)
    {
        // The SDK sets DOTNET_HOST_PATH under dotnet test; elsewhere dotnet must be on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        // setsid(1) execs in place when the caller leads no process group, so the process id stays the same.
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownProcessGroup)
        {
            start.ArgumentList.Add(dotnet);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "alyx.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var alyx = new AlyxProcess(process);
        process.OutputDataReceived += (_, line) => alyx.Append(alyx._output, line.Data);
        process.ErrorDataReceived += (_, line) => alyx.Append(alyx._error, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return alyx;
    }

    /// <summary>Completes with the first output or error line that <paramref name="match"/> accepts; fails after <see cref="Timeout"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((match, signal));
        foreach (var line in (Output + Error).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (match(line))
            {
                signal.TrySetResult(line);
            }
        }

        return signal.Task.WaitAsync(Timeout);
    }

    /// <summary>Sends a signal, such as <c>INT</c> for Ctrl+C, with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        ThrowIfIgnored(signal);
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// Sends a signal to the process group that <see cref="Start(IReadOnlyDictionary{string, string}?, bool, string[])"/>
    /// created, as a terminal sends Ctrl+C to every process of the foreground command.
    /// </summary>
    public async Task SignalGroupAsync(string signal)
    {
        ThrowIfIgnored(signal);
        var group = "-" + _process.Id.ToString(CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", "--", group]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Returns the ids of the live processes in process group <paramref name="groupId"/>, read from /proc.</summary>
    public static IReadOnlyList<int> ProcessGroupMembers(int groupId)
    {
        var members = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue; // The process ended during the scan.
            }

            // The fields after the parenthesized command name are: state, parent id, process group id.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && int.Parse(fields[2], CultureInfo.InvariantCulture) == groupId)
            {
                members.Add(processId);
            }
        }

        return members;
    }

    /// <summary>Waits for the exit and returns the exit code; fails after <see cref="Timeout"/>.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException exception)
        {
            // What the process printed last is the only clue to where it hung.
            throw new TimeoutException(
                $"alyx (pid {Id}) did not exit within {Timeout.TotalSeconds} s.\nLast output:\n{Tail(Output)}\nLast error output:\n{Tail(Error)}", exception);
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // A shell starts background commands with SIGINT and SIGQUIT ignored, children inherit that, and .NET keeps an
    // inherited SIGINT ignored. A test that sends one would then wait out its timeout instead of naming the cause.
    private void ThrowIfIgnored(string signal)
    {
        if (signal != "INT")
        {
            return;
        }

        var ignored = File.ReadLines($"/proc/{Id}/status")
            .Where(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))
            .Select(line => ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .FirstOrDefault();
        const ulong interruptBit = 1UL << (2 - 1);
        if ((ignored & interruptBit) != 0)
        {
            throw new InvalidOperationException(
                "alyx inherited SIGINT as ignored from the test run (a shell started the run in the background, or under nohup), "
                + "so Ctrl+C cannot be tested. Run the tests in the foreground or from a process that restores SIGINT's default.");
        }
    }

    private static string Tail(string text, int lines = 40) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));

    private void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }

        foreach (var (match, signal) in _waiters)
        {
            if (!signal.Task.IsCompleted && match(line))
            {
                signal.TrySetResult(line);
            }
        }
    }
}

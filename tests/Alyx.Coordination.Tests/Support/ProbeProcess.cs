using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Alyx.Coordination.Tests.Support;

/// <summary>
/// One run of the Alyx.Coordination.Probe console program as a real child process. Its output lines carry the
/// child's monotonic timestamp (CLOCK_MONOTONIC, shared by all processes), which <see cref="ProbeLine"/> exposes.
/// </summary>
internal sealed class ProbeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<ProbeLine> _lines = Channel.CreateUnbounded<ProbeLine>();
    private readonly List<ProbeLine> _seen = [];

    private ProbeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
                return;
            }

            var space = e.Data.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && long.TryParse(e.Data.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                _lines.Writer.TryWrite(new ProbeLine(timestamp, e.Data[(space + 1)..]));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Errors.Add(e.Data);
            }
        };
    }

    public int Id => _process.Id;

    /// <summary>The child's standard error, for failure messages.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Every line read so far.</summary>
    public IReadOnlyList<ProbeLine> Seen => _seen;

    public StreamWriter Input => _process.StandardInput;

    public static ProbeProcess Start(params string[] arguments)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "Alyx.Coordination.Probe.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the probe.");
        var result = new ProbeProcess(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Reads lines until one matches; fails after <paramref name="timeout"/> with everything the child wrote.</summary>
    public async Task<ProbeLine> WaitForLineAsync(Func<ProbeLine, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                _seen.Add(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException(
                $"Probe {Id} wrote no matching line within {timeout}. Output: [{string.Join(" / ", _seen.Select(l => l.Text))}] "
                + $"Errors: [{string.Join(" / ", Errors)}]", exception);
        }
    }

    /// <summary>Sends SIGSTOP, which freezes every thread of the child at once, as a long GC pause or a stalled VM would.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Sends SIGCONT.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The child may exit on its own between the check and the signal, so a failed kill is no error here.
            await SendSignalAsync("-CONT");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Signals.Timeout);
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        Assert.Equal(0, await SendSignalAsync(signal));
    }

    private async Task<int> SendSignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Signals.Timeout);
        return kill.ExitCode;
    }
}

/// <summary>One output line of a probe.</summary>
/// <param name="Timestamp">The child's <see cref="Stopwatch.GetTimestamp"/> when it wrote the line.</param>
/// <param name="Text">The rest of the line.</param>
internal sealed record ProbeLine(long Timestamp, string Text);

using System.CommandLine;
using System.Text.Json;
using Alyx.Cli.Emulator;

namespace Alyx.Cli.Tests.Emulator;

public sealed class EmulatorCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("--shards", "-1", "--shards is -1")]
    [InlineData("--max-concurrency", "0", "--max-concurrency is 0")]
    [InlineData("--guilds", "-5", "--guilds is -5")]
    [InlineData("--port", "70000", "--port is 70000")]
    [InlineData("--identify-window-ms", "-1", "--identify-window-ms is -1")]
    [InlineData("--session-start-limit", "-2", "--session-start-limit is -2")]
    [InlineData("--heartbeat-interval-ms", "10", "--heartbeat-interval-ms is 10")]
    public async Task Invoke_InvalidOptionValue_PrintsOneLineErrorAndFails(string option, string value, string expected)
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create().Parse(["emulator", option, value]).InvokeAsync(configuration);

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EmulatorExitCodes.InvalidOption, exitCode);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NonNumericShards_FailsWithParseError()
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create().Parse(["emulator", "--shards", "many"]).InvokeAsync(configuration);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("many", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidSettings_ServesStatsUntilCancelled()
    {
        var output = new LineSignalWriter();
        var handler = new EmulatorCommandHandler(output, new StringWriter());
        using var stop = new CancellationTokenSource();
        var settings = new EmulatorSettings(0, 2, 1, 5, 500, 10, "cli-token", 1000, Json: true);

        var run = handler.RunAsync(settings, stop.Token);
        var line = await output.FirstLine.Task.WaitAsync(Timeout);
        using var addresses = JsonDocument.Parse(line);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var stats = await http.GetStringAsync(new Uri(addresses.RootElement.GetProperty("stats").GetString()!));
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Timeout);

        Assert.Equal(EmulatorExitCodes.Success, exitCode);
        Assert.StartsWith("ws://127.0.0.1:", addresses.RootElement.GetProperty("gateway").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"sessionStartRemaining\": 10", stats, StringComparison.Ordinal);
        Assert.Contains("stopped", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PortInUse_FailsWithStartFailed()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var error = new StringWriter();
        var handler = new EmulatorCommandHandler(new StringWriter(), error);

        var exitCode = await handler.RunAsync(new EmulatorSettings(port, 1, 1, 1, 5000, 1000, "t", 41_250, Json: false), CancellationToken.None);

        Assert.Equal(EmulatorExitCodes.StartFailed, exitCode);
        Assert.Contains($"127.0.0.1:{port}", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Completes <see cref="FirstLine"/> with the first line written.</summary>
    private sealed class LineSignalWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            FirstLine.TrySetResult(value ?? "");
        }
    }
}

using Alyx.Cli.Common;
using Alyx.Cli.Events;
using Alyx.TestSupport;

namespace Alyx.Cli.Tests.Events;

public sealed class EventsHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Events_UnknownCluster_FailsWithNotFound()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cluster = RedisFixture.NewClusterName("events-unknown");

        var exitCode = await new EventsHandler(output, error).RunAsync(cluster, redis.Configuration, 50, follow: false, json: false, CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Empty(output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Cluster '{cluster}' has no spec or status in this Redis", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_FollowUnknownCluster_PrintsNoticeAndWaits()
    {
        var error = new SignalingWriter();
        var cluster = RedisFixture.NewClusterName("events-follow");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = new EventsHandler(new StringWriter(), error).RunAsync(cluster, redis.Configuration, 50, follow: true, json: false, stop.Token);

        var notice = await error.FirstLine.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stillFollowing = !run.IsCompleted;
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(stillFollowing, error.ToString());
        Assert.Equal($"alyx events: cluster '{cluster}' has no spec or status yet; its events will appear here when it starts.", notice);
        Assert.Equal(ExitCodes.Success, exitCode);
    }

    /// <summary>A writer that signals its first line, so the test waits for output instead of sleeping.</summary>
    private sealed class SignalingWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            FirstLine.TrySetResult(value ?? "");
            return base.WriteLineAsync(value);
        }
    }
}

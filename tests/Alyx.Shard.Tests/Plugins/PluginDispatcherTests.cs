using System.Text;
using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;
using Alyx.Discord.Gateway;
using Alyx.Shard.Metrics;
using Alyx.Shard.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Alyx.Shard.Tests.Plugins;

public sealed class PluginDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThrowingPlugin_OtherPluginStillHandlesEveryEvent()
    {
        var metrics = new ShardMetrics();
        var healthy = new RecordingPlugin("healthy", expected: 3);
        using var dispatcher = new PluginDispatcher([new ThrowingPlugin(), healthy], metrics, TimeProvider.System, () => true, NullLoggerFactory.Instance);
        dispatcher.Run(Context);
        dispatcher.StartPlugins(CancellationToken.None);

        for (var sequence = 1; sequence <= 3; sequence++)
        {
            dispatcher.Enqueue(Message(sequence, "hello"));
        }

        await healthy.AllSeen.Task.WaitAsync(Timeout);
        await dispatcher.DrainAndStopAsync(Timeout, CancellationToken.None);
        Assert.Equal([1, 2, 3], healthy.Sequences);
        Assert.Equal(3, metrics.HandlerErrors);
    }

    [Fact]
    public async Task SlowPlugin_EnqueueReturnsAndOthersProceed()
    {
        var metrics = new ShardMetrics();
        var slow = new BlockingPlugin();
        var fast = new RecordingPlugin("fast", expected: 2);
        using var dispatcher = new PluginDispatcher([slow, fast], metrics, TimeProvider.System, () => true, NullLoggerFactory.Instance);
        dispatcher.Run(Context);
        dispatcher.StartPlugins(CancellationToken.None);

        dispatcher.Enqueue(Message(1, "first"));
        await slow.Entered.Task.WaitAsync(Timeout);
        dispatcher.Enqueue(Message(2, "second"));

        await fast.AllSeen.Task.WaitAsync(Timeout);
        Assert.False(slow.Release.Task.IsCompleted);
        slow.Release.SetResult();
        await dispatcher.DrainAndStopAsync(Timeout, CancellationToken.None);
    }

    [Fact]
    public async Task LeaseNotHeld_HandlersDoNotRun()
    {
        var plugin = new RecordingPlugin("late", expected: 1);
        using var dispatcher = new PluginDispatcher([plugin], new ShardMetrics(), TimeProvider.System, () => false, NullLoggerFactory.Instance);
        dispatcher.Run(Context);
        dispatcher.StartPlugins(CancellationToken.None);

        dispatcher.Enqueue(Message(1, "after the deadline"));
        await dispatcher.DrainAndStopAsync(Timeout, CancellationToken.None);

        Assert.Empty(plugin.Sequences);
    }

    [Fact]
    public async Task DrainTimeout_CancelsStuckHandlerAndReportsWatermark()
    {
        var slow = new BlockingPlugin(blockOn: "stuck");
        using var dispatcher = new PluginDispatcher([slow], new ShardMetrics(), TimeProvider.System, () => true, NullLoggerFactory.Instance);
        dispatcher.Run(Context);
        dispatcher.StartPlugins(CancellationToken.None);
        dispatcher.Enqueue(Message(1, "fine"));
        dispatcher.Enqueue(Message(2, "stuck"));
        dispatcher.Enqueue(Message(3, "queued"));
        await slow.Entered.Task.WaitAsync(Timeout);

        var (unhandled, handledThrough) = await dispatcher.DrainAndStopAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);

        Assert.Equal(1, unhandled);
        Assert.Equal(1, handledThrough);
        Assert.True(slow.Canceled);
    }

    [Fact]
    public async Task Drain_AllHandled_ReportsNoWatermark()
    {
        var plugin = new RecordingPlugin("quick", expected: 2);
        using var dispatcher = new PluginDispatcher([plugin], new ShardMetrics(), TimeProvider.System, () => true, NullLoggerFactory.Instance);
        dispatcher.Run(Context);
        dispatcher.StartPlugins(CancellationToken.None);
        dispatcher.Enqueue(Message(1, "a"));
        dispatcher.Enqueue(Message(2, "b"));

        var (unhandled, handledThrough) = await dispatcher.DrainAndStopAsync(Timeout, CancellationToken.None);

        Assert.Equal(0, unhandled);
        Assert.Null(handledThrough);
        Assert.Equal([1, 2], plugin.Sequences);
    }

    [Fact]
    public void DuplicateNames_AreRejectedNamingThePlugin()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            new PluginDispatcher([new RecordingPlugin("twin", 1), new RecordingPlugin("twin", 1)], new ShardMetrics(), TimeProvider.System, () => true, NullLoggerFactory.Instance));

        Assert.Contains("'twin'", exception.Message, StringComparison.Ordinal);
    }

    private static IPluginContext Context(IAlyxPlugin plugin) => new PluginContext(
        new ShardInfo("test", 0, 0, 1), () => 0, Mock.Of<IDiscordRest>(), Mock.Of<IMessenger>(), Mock.Of<IServiceProvider>(),
        NullLogger.Instance, new ConfigurationBuilder().Build());

    private static GatewayDispatch Message(int sequence, string content) => new(0, "MESSAGE_CREATE", sequence, Encoding.UTF8.GetBytes(
        $$"""{"id":"{{sequence}}","channel_id":"2","guild_id":"3","author":{"id":"4","username":"u"},"content":"{{content}}"}"""));

    private sealed class ThrowingPlugin : AlyxPlugin
    {
        public override string Name => "throwing";

        public override void ConfigureEvents(IPluginEvents events) =>
            events.OnMessageCreate((_, _, _) => throw new InvalidOperationException("plugin bug"));
    }

    private sealed class RecordingPlugin(string name, int expected) : AlyxPlugin
    {
        public override string Name => name;

        public List<int> Sequences { get; } = [];

        public TaskCompletionSource AllSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void ConfigureEvents(IPluginEvents events) =>
            events.OnDispatch("MESSAGE_CREATE", (dispatch, _, _) =>
            {
                Sequences.Add(dispatch.Sequence);
                if (Sequences.Count == expected)
                {
                    AllSeen.TrySetResult();
                }

                return ValueTask.CompletedTask;
            });
    }

    private sealed class BlockingPlugin(string? blockOn = null) : AlyxPlugin
    {
        public override string Name => "blocking";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Canceled { get; private set; }

        public override void ConfigureEvents(IPluginEvents events) =>
            events.OnMessageCreate(async (message, _, cancellationToken) =>
            {
                if (blockOn is not null && message.Content != blockOn)
                {
                    return;
                }

                Entered.TrySetResult();
                try
                {
                    await Release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Canceled = true;
                    throw;
                }
            });
    }
}

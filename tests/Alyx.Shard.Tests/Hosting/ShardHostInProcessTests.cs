using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;
using Alyx.Abstractions.Sharding;
using Alyx.Shard.Hosting;
using Alyx.Shard.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>A shard host built in the test process, as the CLI hosts it, with a plugin registered in code.</summary>
public sealed class ShardHostInProcessTests
{
    private static readonly TimeSpan Step = ShardTestCluster.StepTimeout;

    [Fact]
    public async Task CodeRegisteredPlugin_GetsServicesEventsAndLifecycle()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(CodeRegisteredPlugin_GetsServicesEventsAndLifecycle));
        var variables = cluster.Environment(0);
        variables["ALYX_TASK_ID"] = "in-process";
        var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
        var plugin = new ProbePlugin();
        builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        var ready = await plugin.Ready.Task.WaitAsync(Step);
        await plugin.Started.Task.WaitAsync(Step);
        cluster.EmitMessage(cluster.GuildOf(0), 5001, "hello");
        var message = await plugin.Message.Task.WaitAsync(Step);
        await host.StopAsync();

        Assert.Equal(cluster.Emulator.GuildIds.Count(id => ShardMath.ShardIdForGuild(id, 1) == 0), ready.GuildCount);
        Assert.Equal("hello", message.Content);
        Assert.Equal(5001UL, message.MessageId);
        Assert.Equal("probe-value", plugin.ServiceValue);
        Assert.True(plugin.Stopped);
        Assert.Equal(ShardExitCode.Stopped, host.Services.GetRequiredService<ShardExit>().Code);
    }

    [Fact]
    public async Task DrainTimeout_SuccessorResumeReplaysUnhandledEvents()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(DrainTimeout_SuccessorResumeReplaysUnhandledEvents));
        var guild = cluster.GuildOf(0);
        var first = new ProbePlugin(blockOn: "slow");
        using var firstHost = BuildHost(cluster, "in-process-a", first);
        await firstHost.StartAsync();
        await first.Started.Task.WaitAsync(Step);
        cluster.EmitMessage(guild, 6001, "slow");
        cluster.EmitMessage(guild, 6002, "queued");
        await first.Blocked.Task.WaitAsync(Step);

        await firstHost.StopAsync();
        var second = new ProbePlugin(expectedMessages: 2);
        using var secondHost = BuildHost(cluster, "in-process-b", second);
        await secondHost.StartAsync();
        await second.AllMessages.Task.WaitAsync(Step);
        await secondHost.StopAsync();

        var stats = cluster.Emulator.GetStats();
        Assert.Equal([6001UL, 6002UL], second.MessageIds.Take(2));
        Assert.True(stats.Resumes >= 1, ShardTestCluster.Describe(stats));
        Assert.Equal(1, ShardTestCluster.AcceptedIdentifies(stats, 0));
        Assert.Equal(0, stats.DuplicateSessionOverlaps.Count);
    }

    [Fact]
    public async Task HealthFile_Heartbeats_TouchTheFileAgain()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(HealthFile_Heartbeats_TouchTheFileAgain));
        var healthFile = Path.Combine(TestSupport.TestServices.Require("ALYX_TEST_WORK", "a work folder"), $"health-{Guid.NewGuid():N}");
        var variables = cluster.Environment(0);
        variables["ALYX_TASK_ID"] = "in-process-health";
        variables["ALYX_HEALTH_FILE"] = healthFile;
        variables["ALYX_STATUS_INTERVAL_MS"] = "100";
        var plugin = new ProbePlugin();
        var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
        builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await plugin.Ready.Task.WaitAsync(Step);
        var first = await WaitForWriteAsync(healthFile, DateTime.MinValue);
        // Back-date the file, so the next heartbeat's touch shows as a change whatever the file system's time resolution.
        var backDated = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(healthFile, backDated);
        var second = await WaitForWriteAsync(healthFile, backDated);
        await host.StopAsync();

        Assert.NotNull(first);
        Assert.NotNull(second);
    }

    // Returns the file's modification time once it exists and is later than `after`, or null after the step timeout.
    // A file has no change signal to wait on, so this polls.
    private static async Task<DateTime?> WaitForWriteAsync(string path, DateTime after)
    {
        var deadline = DateTime.UtcNow + Step;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) is var written && written > after)
            {
                return written;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return null;
    }

    private static IHost BuildHost(ShardTestCluster cluster, string taskId, IAlyxPlugin plugin)
    {
        var variables = cluster.Environment(0);
        variables["ALYX_TASK_ID"] = taskId;
        variables["ALYX_DRAIN_TIMEOUT_MS"] = "500";
        var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
        builder.Services.AddAlyxPlugin(plugin, builder.Configuration);
        return builder.Build();
    }

    private sealed class ProbePlugin(string? blockOn = null, int expectedMessages = 1) : AlyxPlugin
    {
        public override string Name => "probe";

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource AllMessages { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<ulong> MessageIds { get; } = [];

        public TaskCompletionSource<ReadyEvent> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<MessageCreateEvent> Message { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? ServiceValue { get; private set; }

        public bool Stopped { get; private set; }

        public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton(new ProbeService("probe-value"));

        public override void ConfigureEvents(IPluginEvents events)
        {
            events.OnReady((ready, _, _) =>
            {
                Ready.TrySetResult(ready);
                return ValueTask.CompletedTask;
            });
            events.OnMessageCreate(async (message, _, cancellationToken) =>
            {
                if (message.Content == blockOn)
                {
                    Blocked.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                MessageIds.Add(message.MessageId);
                Message.TrySetResult(message);
                if (MessageIds.Count >= expectedMessages)
                {
                    AllMessages.TrySetResult();
                }
            });
        }

        public override Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
        {
            ServiceValue = context.Services.GetRequiredService<ProbeService>().Value;
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public override Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private sealed record ProbeService(string Value);
}

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

    private sealed class ProbePlugin : AlyxPlugin
    {
        public override string Name => "probe";

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
            events.OnMessageCreate((message, _, _) =>
            {
                Message.TrySetResult(message);
                return ValueTask.CompletedTask;
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

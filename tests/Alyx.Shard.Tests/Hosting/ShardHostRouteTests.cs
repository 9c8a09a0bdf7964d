using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Redis;
using Alyx.Shard.Hosting;
using Alyx.Shard.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>Requests to plugin routes of a shard host that is still starting, over the Redis transport.</summary>
public sealed class ShardHostRouteTests
{
    private static readonly TimeSpan Step = ShardTestCluster.StepTimeout;

    [Fact]
    public async Task QueuedRequest_LateRoute_Answered()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(QueuedRequest_LateRoute_Answered));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisEndpoint);
        var keys = new ClusterKeys(cluster.Cluster);
        await using var transport = new RedisMessageTransport(redis, keys, new RedisTransportOptions(), NullLogger<RedisMessageTransport>.Instance);
        await using var client = new Messenger(
            MessengerEndpoint.ForClient("route-test"), transport, new StaticRouteTable(cluster.ShardCount), new RedisPayloadStore(redis, keys),
            new MessengerOptions(), TimeProvider.System, NullLogger<Messenger>.Instance);
        await client.StartAsync(CancellationToken.None);
        var pending = client.RequestAsync<string, string>(MessageTarget.Shard(0), "echo.say", "queued", TimeSpan.FromSeconds(60));
        var variables = cluster.Environment(0);
        variables["ALYX_TASK_ID"] = "route-host";
        var builder = ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name));
        builder.Services.AddAlyxPlugin(new EchoPlugin(), builder.Configuration);
        using var host = builder.Build();

        // The host's messenger starts before the shard is Ready; the plugin registers its route only at Ready.
        await host.StartAsync();
        var reply = await pending.WaitAsync(Step);
        await host.StopAsync();

        Assert.Equal("queued", reply);
    }

    private sealed class EchoPlugin : AlyxPlugin
    {
        private IDisposable? _route;

        public override string Name => "echo";

        // Against Discord, Ready comes seconds after the messenger starts. The emulator is faster, so the plugin waits
        // longer than the Redis transport's poll interval (1 s), so the queued request arrives before the route exists.
        public override async Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            _route = context.Messenger.Handle<string, string>("echo.say", (text, _, _) => ValueTask.FromResult(text));
        }

        public override Task StopAsync(CancellationToken cancellationToken)
        {
            _route?.Dispose();
            return Task.CompletedTask;
        }
    }
}

using Alyx.Abstractions.Messaging;
using Alyx.Discord.Gateway;

namespace Alyx.Shard.Routes;

/// <summary>The messenger route every shard serves, for operators (<c>alyx request</c>) and health checks.</summary>
public static class PingRoute
{
    /// <summary>The route name.</summary>
    public const string Name = "alyx.ping";

    /// <summary>Registers the route for <paramref name="gateway"/>; dispose the result to remove it.</summary>
    public static IDisposable Register(IMessenger messenger, GatewayShard gateway)
    {
        ArgumentNullException.ThrowIfNull(messenger);
        ArgumentNullException.ThrowIfNull(gateway);
        return messenger.Handle<PingRequest, PingReply>(Name, (_, _, _) =>
            ValueTask.FromResult(new PingReply(gateway.ShardId, gateway.ShardCount, gateway.GuildCount, gateway.Latency?.TotalMilliseconds)));
    }
}

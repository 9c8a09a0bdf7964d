using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alyx.Shard.Plugins;

/// <summary>One plugin's view of the shard host.</summary>
internal sealed class PluginContext(
    ShardInfo shard,
    Func<int> guildCount,
    IDiscordRest rest,
    IMessenger messenger,
    IServiceProvider services,
    ILogger logger,
    IConfiguration configuration) : IPluginContext
{
    public ShardInfo Shard { get; } = shard;

    public int GuildCount => guildCount();

    public IDiscordRest Rest { get; } = rest;

    public IMessenger Messenger { get; } = messenger;

    public IServiceProvider Services { get; } = services;

    public ILogger Logger { get; } = logger;

    public IConfiguration Configuration { get; } = configuration;
}

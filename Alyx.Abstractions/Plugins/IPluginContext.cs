using Alyx.Abstractions.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Alyx.Abstractions.Plugins;

/// <summary>What a plugin's handlers see of the shard host.</summary>
public interface IPluginContext
{
    /// <summary>The shard this host runs.</summary>
    ShardInfo Shard { get; }

    /// <summary>The number of guilds on this shard now.</summary>
    int GuildCount { get; }

    /// <summary>Discord's REST API, authenticated as the bot.</summary>
    IDiscordRest Rest { get; }

    /// <summary>Requests and broadcasts to other shards, and route handlers of this shard.</summary>
    IMessenger Messenger { get; }

    /// <summary>The host's services, including the ones the plugin added.</summary>
    IServiceProvider Services { get; }

    /// <summary>A logger named after the plugin.</summary>
    ILogger Logger { get; }

    /// <summary>The plugin's configuration section, <c>Plugins:{Name}</c>.</summary>
    IConfiguration Configuration { get; }
}

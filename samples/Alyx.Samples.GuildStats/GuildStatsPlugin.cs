using System.Collections.Concurrent;
using System.Globalization;
using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;

namespace Alyx.Samples.GuildStats;

/// <summary>
/// A cross-shard plugin. <c>!guilds</c> broadcasts to every shard and replies with the total guild count;
/// <c>!guild ID</c> requests what the shard that owns guild ID stored from its GUILD_CREATE and replies with that.
/// </summary>
public sealed class GuildStatsPlugin : AlyxPlugin
{
    /// <summary>Route that returns a shard's guild count.</summary>
    public const string CountRoute = "samples.guildstats.count";

    /// <summary>Route that returns what the owning shard stored of a guild.</summary>
    public const string GuildRoute = "samples.guildstats.guild";

    private readonly ConcurrentDictionary<ulong, GuildInfo> _guilds = new();
    private readonly List<IDisposable> _routes = [];

    /// <inheritdoc />
    public override string Name => "guild-stats";

    /// <inheritdoc />
    public override void ConfigureEvents(IPluginEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.OnGuildCreate((guild, _, _) =>
        {
            _guilds[guild.GuildId] = new GuildInfo(guild.GuildId, guild.Name, guild.MemberCount);
            return ValueTask.CompletedTask;
        });
        events.OnGuildDelete((guild, _, _) =>
        {
            _guilds.TryRemove(guild.GuildId, out _);
            return ValueTask.CompletedTask;
        });
        events.OnMessageCreate(OnMessageAsync);
    }

    /// <inheritdoc />
    public override Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _routes.Add(context.Messenger.Handle<CountRequest, int>(CountRoute, (_, _, _) => ValueTask.FromResult(context.GuildCount)));
        _routes.Add(context.Messenger.Handle<ulong, GuildInfo?>(GuildRoute, (guildId, _, _) =>
            ValueTask.FromResult(_guilds.TryGetValue(guildId, out var info) ? info : null)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _routes.ForEach(route => route.Dispose());
        _routes.Clear();
        return Task.CompletedTask;
    }

    private static async ValueTask OnMessageAsync(MessageCreateEvent message, IPluginContext context, CancellationToken cancellationToken)
    {
        var text = message.Content.Trim();
        if (message.AuthorIsBot)
        {
            return;
        }

        if (text.Equals("!guilds", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.Messenger.BroadcastAsync<CountRequest, int>(CountRoute, new CountRequest(), cancellationToken: cancellationToken);
            var answered = result.Replies.Count(r => r.IsOk);
            var reply = string.Create(CultureInfo.InvariantCulture,
                $"{result.Values.Sum()} guilds across {answered} of {result.Replies.Count} shards");
            await context.Rest.CreateMessageAsync(message.ChannelId, reply, cancellationToken);
        }
        else if (text.StartsWith("!guild ", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(text.AsSpan(7).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var guildId))
        {
            var info = await context.Messenger.RequestAsync<ulong, GuildInfo?>(MessageTarget.Guild(guildId), GuildRoute, guildId, cancellationToken: cancellationToken);
            var reply = info is null
                ? string.Create(CultureInfo.InvariantCulture, $"guild {guildId} is not available on its shard")
                : string.Create(CultureInfo.InvariantCulture, $"guild {info.GuildId} ({info.Name}) with {info.MemberCount} members, answered by its shard");
            await context.Rest.CreateMessageAsync(message.ChannelId, reply, cancellationToken);
        }
    }
}

using Alyx.Discord.Rest;

namespace Alyx.Orchestrator.Spec;

/// <summary>
/// Caches Discord's <c>GET /gateway/bot</c> (recommended shard count, identify concurrency, session start budget)
/// for a refresh interval, because the values change only as the bot joins guilds. Close code 4011 invalidates it.
/// </summary>
public sealed class GatewayBotCache(DiscordRestClient rest, TimeSpan refreshInterval, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private GatewayBotInfo? _info;
    private long _fetchedAt;

    /// <summary>Returns the cached response, fetching a new one when it is older than the refresh interval.</summary>
    /// <exception cref="DiscordRestException">Discord rejected the request, for example a bad token (401).</exception>
    public async Task<GatewayBotInfo> GetAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_info is null || timeProvider.GetElapsedTime(_fetchedAt) >= refreshInterval)
            {
                _info = await rest.GetGatewayBotAsync(cancellationToken);
                _fetchedAt = timeProvider.GetTimestamp();
            }

            return _info;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The absolute URL of <c>GET /gateway/bot</c>, for messages.</summary>
    public Uri Url => rest.ResolveUrl("gateway/bot");

    /// <summary>Drops the cached response, so the next read requests it from Discord again.</summary>
    public void Invalidate() => _info = null;

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}

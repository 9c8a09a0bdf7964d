using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Alyx.Abstractions.Plugins;
using Alyx.Discord.Json;
using Alyx.Discord.Rest;

namespace Alyx.Shard.Rest;

/// <summary>
/// The REST calls of the shard host and its plugins. It sends the bot token and Discord's required User-Agent, and
/// waits out a 429 by its <c>retry_after</c> up to <see cref="MaxRateLimitRetries"/> times.
/// </summary>
/// <remarks>
/// NOTE: it learns no per-route buckets from the X-RateLimit headers, so a busy plugin meets 429s that a
/// bucket-aware client would avoid; Alyx.Discord's REST client should replace it once it exists.
/// </remarks>
public sealed class DiscordRestClient : IDiscordRest
{
    /// <summary>How many 429 answers one call waits out before it fails.</summary>
    public const int MaxRateLimitRetries = 3;

    private readonly HttpClient _http;

    /// <summary>Creates the client on <paramref name="http"/>, whose base address and headers it sets.</summary>
    public DiscordRestClient(HttpClient http, Uri restUrl, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(restUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _http = http;
        _http.BaseAddress = restUrl.AbsoluteUri.EndsWith('/') ? restUrl : new Uri(restUrl.AbsoluteUri + "/");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/alyx-bot/alyx, 0.1)");
    }

    /// <summary>Reads <c>GET /gateway/bot</c>: the gateway URL, the recommended shard count and the session start budget.</summary>
    /// <exception cref="DiscordRestException">Discord rejected the request, such as 401 for a bad token.</exception>
    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "gateway/bot"), cancellationToken);
        return await ReadAsync(response, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ulong> CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken)
    {
        var route = string.Create(CultureInfo.InvariantCulture, $"channels/{channelId}/messages");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, route)
            {
                Content = JsonContent.Create(new CreateMessageRequest(content), DiscordJsonContext.Default.CreateMessageRequest),
            },
            cancellationToken);
        var message = await ReadAsync(response, DiscordJsonContext.Default.DiscordMessage, cancellationToken);
        return message.Id;
    }

    /// <inheritdoc />
    public async Task RespondToInteractionAsync(ulong interactionId, string interactionToken, string content, CancellationToken cancellationToken)
    {
        var route = string.Create(CultureInfo.InvariantCulture, $"interactions/{interactionId}/{Uri.EscapeDataString(interactionToken)}/callback");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, route)
            {
                Content = JsonContent.Create(new InteractionResponse(4, new InteractionResponseData(content)), DiscordJsonContext.Default.InteractionResponse),
            },
            cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = createRequest();
            var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var error = await TryReadErrorAsync(response, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitRetries)
                {
                    var wait = TimeSpan.FromSeconds(error?.RetryAfter ?? response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1);
                    await Task.Delay(wait, cancellationToken);
                    continue;
                }

                throw new DiscordRestException(request.Method.Method, request.RequestUri?.OriginalString ?? "", (int)response.StatusCode,
                    error?.Message ?? response.ReasonPhrase ?? "no detail");
            }
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
            ?? throw new DiscordRestException("GET", response.RequestMessage?.RequestUri?.OriginalString ?? "", (int)response.StatusCode, "the body was null");

    private static async Task<DiscordErrorBody?> TryReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.DiscordErrorBody, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

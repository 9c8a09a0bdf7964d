using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alyx.Discord.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Discord.Rest;

/// <summary>
/// Discord REST v10 client: bot authentication, the required User-Agent, rate limits learned from responses, 429
/// retries after <c>retry_after</c>, no retry on 401 or 403, and typed errors.
/// </summary>
public sealed partial class DiscordRestClient
{
    private readonly HttpClient _http;
    private readonly DiscordRestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RestRateLimiter _limiter;
    private readonly Uri _baseUrl;
    private volatile bool _tokenRejected;

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, whose base address is ignored.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every invalid setting.</exception>
    public DiscordRestClient(HttpClient httpClient, DiscordRestOptions options, TimeProvider? timeProvider = null, ILogger<DiscordRestClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Discord REST options: " + string.Join(" ", failures), nameof(options));
        }

        _http = httpClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DiscordRestClient>.Instance;
        _limiter = new RestRateLimiter(_timeProvider, options.GlobalRequestsPerSecond);

        // Relative paths resolve under the base only when it ends with a slash.
        var baseText = options.BaseUrl.ToString();
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
    }

    /// <summary>Resolves a route path, such as <c>gateway/bot</c>, against the base URL.</summary>
    public Uri ResolveUrl(string path) => new(_baseUrl, path);

    /// <summary>Calls <c>GET /gateway</c>, which needs no token.</summary>
    public Task<GatewayInfo> GetGatewayAsync(CancellationToken cancellationToken) =>
        SendAsync(new RestRoute(HttpMethod.Get, "gateway", "gateway", "", Authenticated: false), null, DiscordJsonContext.Default.GatewayInfo, cancellationToken);

    /// <summary>Calls <c>GET /gateway/bot</c>: the gateway URL, the recommended shard count and the session start limit.</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(new RestRoute(HttpMethod.Get, "gateway/bot", "gateway/bot", ""), null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken);

    /// <summary>Posts a message to a channel.</summary>
    public Task<DiscordMessage> CreateMessageAsync(ulong channelId, CreateMessageRequest message, CancellationToken cancellationToken)
    {
        var id = channelId.ToString(CultureInfo.InvariantCulture);
        var body = JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.CreateMessageRequest);
        return SendAsync(new RestRoute(HttpMethod.Post, "channels/{channel_id}/messages", $"channels/{id}/messages", id), body, DiscordJsonContext.Default.DiscordMessage, cancellationToken);
    }

    /// <summary>Answers an interaction. The route needs no bot token and is outside the global limit.</summary>
    public async Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken)
    {
        var id = interactionId.ToString(CultureInfo.InvariantCulture);
        var route = new RestRoute(HttpMethod.Post, "interactions/{interaction_id}/{interaction_token}/callback",
            $"interactions/{id}/{Uri.EscapeDataString(interactionToken)}/callback", id + "/" + interactionToken, ExemptFromGlobalLimit: true, Authenticated: false);
        await SendRawAsync(route, JsonSerializer.SerializeToUtf8Bytes(response, DiscordJsonContext.Default.InteractionResponse), cancellationToken);
    }

    /// <summary>Sends a request on any route and deserializes the JSON response.</summary>
    /// <exception cref="DiscordRestException">Discord returned an error status.</exception>
    /// <exception cref="DiscordRateLimitedException">The request stayed rate limited after every retry.</exception>
    public async Task<T> SendAsync<T>(RestRoute route, byte[]? jsonBody, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        var body = await SendRawAsync(route, jsonBody, cancellationToken);
        return JsonSerializer.Deserialize(body, responseType)
            ?? throw new DiscordRestException(route, HttpStatusCode.OK, null, $"the response body was null where {typeof(T).Name} was expected");
    }

    /// <summary>Sends a request on any route and returns the response body.</summary>
    /// <exception cref="DiscordRestException">Discord returned an error status.</exception>
    /// <exception cref="DiscordRateLimitedException">The request stayed rate limited after every retry.</exception>
    public async Task<byte[]> SendRawAsync(RestRoute route, byte[]? jsonBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (_tokenRejected && route.Authenticated)
        {
            // Discord bans IPs that keep sending rejected tokens, so one 401 stops all authenticated requests.
            throw new DiscordRestException(route, HttpStatusCode.Unauthorized, null, "the bot token was rejected earlier; set a valid token and restart");
        }

        for (var attempt = 1; ; attempt++)
        {
            using var request = BuildRequest(route, jsonBody);
            HttpResponseMessage response;
            byte[] body;
            using (await _limiter.AcquireAsync(route, cancellationToken))
            {
                response = await _http.SendAsync(request, cancellationToken);
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                _limiter.Update(route, response.Headers);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                var error = ParseError(body);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = TimeSpan.FromSeconds(error?.RetryAfter ?? RetryAfterHeader(response) ?? 1);
                    var global = error?.Global == true || response.Headers.Contains("X-RateLimit-Global");
                    _limiter.OnRateLimited(route, retryAfter, global);
                    if (attempt > _options.MaxRateLimitRetries)
                    {
                        throw new DiscordRateLimitedException(route, retryAfter, global, attempt);
                    }

                    LogRateLimited(route.ToString(), retryAfter, global, attempt);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && route.Authenticated)
                {
                    _tokenRejected = true;
                }

                throw new DiscordRestException(route, response.StatusCode, error?.Code, error?.Message ?? response.ReasonPhrase ?? "no message");
            }
        }
    }

    private HttpRequestMessage BuildRequest(RestRoute route, byte[]? jsonBody)
    {
        var request = new HttpRequestMessage(route.Method, new Uri(_baseUrl, route.Path));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (route.Authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    private static DiscordErrorBody? ParseError(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? RetryAfterHeader(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta?.TotalSeconds;

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "{Route} was rate limited (global {Global}); retrying after {RetryAfter}, attempt {Attempt}")]
    private partial void LogRateLimited(string route, TimeSpan retryAfter, bool global, int attempt);
}

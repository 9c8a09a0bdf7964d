using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Alyx.Testing.Emulator;

/// <summary>
/// The emulated REST API: gateway discovery, the message and interaction routes that plugins use (recorded for
/// tests), per-route rate limits with Discord's headers, and 429s on demand.
/// </summary>
internal sealed class EmulatorRest(DiscordEmulatorOptions options, EmulatorGateway gateway, TimeProvider time, Func<string> gatewayUrl)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Start, int Count)> _buckets = [];
    private readonly List<RecordedRequest> _recorded = [];
    private readonly DateTimeOffset _budgetPeriodStart = time.GetUtcNow();
    private (int Remaining, TimeSpan RetryAfter, bool Global) _forced;
    private int _requests;
    private int _rateLimited;
    private long _nextMessageId = 1_100_000_000_000_000_000;

    public int Requests => Volatile.Read(ref _requests);

    public int RateLimited => Volatile.Read(ref _rateLimited);

    public IReadOnlyList<RecordedRequest> Recorded
    {
        get
        {
            lock (_lock)
            {
                return [.. _recorded];
            }
        }
    }

    public void ForceRateLimit(int count, TimeSpan retryAfter, bool global)
    {
        lock (_lock)
        {
            _forced = (count, retryAfter, global);
        }
    }

    public Task GetGatewayAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(new { url = gatewayUrl() }));

    public async Task GetGatewayBotAsync(HttpContext context)
    {
        if (!await AdmitAsync(context, "gateway-bot", "", requireAuth: true))
        {
            return;
        }

        // NOTE: the emulated budget never refills; reset_after counts down to 0 one day after the emulator started.
        var resetAfter = (long)(TimeSpan.FromDays(1) - (time.GetUtcNow() - _budgetPeriodStart)).TotalMilliseconds;
        var body = new
        {
            url = gatewayUrl(),
            shards = options.Shards,
            session_start_limit = new
            {
                total = options.SessionStartLimit,
                remaining = gateway.SessionStartRemaining,
                reset_after = Math.Max(0, resetAfter),
                max_concurrency = options.MaxConcurrency,
            },
        };
        await WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(body));
    }

    public async Task GetCurrentUserAsync(HttpContext context)
    {
        if (!await AdmitAsync(context, "users-me", "", requireAuth: true))
        {
            return;
        }

        var body = new { id = gateway.BotUserId.ToString(CultureInfo.InvariantCulture), username = "alyx-emulator", discriminator = "0", bot = true };
        await WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(body));
    }

    public async Task CreateMessageAsync(HttpContext context, string channelId)
    {
        if (!await AdmitAsync(context, "channel-messages", channelId, requireAuth: true))
        {
            return;
        }

        var text = await RecordAsync(context);
        string content;
        try
        {
            using var document = JsonDocument.Parse(text);
            content = document.RootElement.TryGetProperty("content", out var value) ? value.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            await WriteJsonAsync(context, 400, """{"code":50109,"message":"The request body contains invalid JSON."}"""u8.ToArray());
            return;
        }

        var body = new
        {
            id = Interlocked.Increment(ref _nextMessageId).ToString(CultureInfo.InvariantCulture),
            channel_id = channelId,
            content,
            author = new { id = gateway.BotUserId.ToString(CultureInfo.InvariantCulture), username = "alyx-emulator", bot = true },
            timestamp = time.GetUtcNow(),
        };
        await WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(body));
    }

    public async Task InteractionCallbackAsync(HttpContext context, string interactionId, string token)
    {
        // Interaction routes need no bot token and are exempt from the global limit, as on Discord.
        if (!await AdmitAsync(context, "interaction-callback", interactionId + "/" + token, requireAuth: false))
        {
            return;
        }

        await RecordAsync(context);
        context.Response.StatusCode = 204;
    }

    /// <summary>Checks the token and the rate limit of one route bucket and major parameter, and writes the rate-limit headers.</summary>
    private async Task<bool> AdmitAsync(HttpContext context, string bucket, string majorParameter, bool requireAuth)
    {
        Interlocked.Increment(ref _requests);
        if (requireAuth && context.Request.Headers.Authorization.ToString() != "Bot " + options.Token)
        {
            await WriteJsonAsync(context, 401, """{"message":"401: Unauthorized","code":0}"""u8.ToArray());
            return false;
        }

        int remaining;
        TimeSpan resetAfter;
        (int Remaining, TimeSpan RetryAfter, bool Global) forced;
        lock (_lock)
        {
            forced = _forced;
            if (_forced.Remaining > 0)
            {
                _forced.Remaining--;
            }

            // Discord's buckets refill all at once when their window ends, so each key has a fixed window that the
            // first request after a reset opens.
            var key = bucket + ":" + majorParameter;
            var now = time.GetTimestamp();
            if (!_buckets.TryGetValue(key, out var window) || time.GetElapsedTime(window.Start, now) >= options.RestRateLimitWindow)
            {
                window = (now, 0);
            }

            resetAfter = options.RestRateLimitWindow - time.GetElapsedTime(window.Start, now);
            if (forced.Remaining == 0 && window.Count < options.RestRateLimit)
            {
                window.Count++;
            }
            else if (forced.Remaining == 0)
            {
                forced = (1, resetAfter, false);
            }

            _buckets[key] = window;
            remaining = Math.Max(0, options.RestRateLimit - window.Count);
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = options.RestRateLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Seconds(resetAfter);
        headers["X-RateLimit-Reset"] = ((time.GetUtcNow() + resetAfter).ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = "emulator-" + bucket;
        if (forced.Remaining == 0)
        {
            return true;
        }

        Interlocked.Increment(ref _rateLimited);
        var retryAfter = Seconds(forced.RetryAfter);
        headers["Retry-After"] = Math.Ceiling(forced.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = forced.Global ? "global" : "user";
        if (forced.Global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        var body = $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter}},"global":{{(forced.Global ? "true" : "false")}}}""";
        await WriteJsonAsync(context, 429, Encoding.UTF8.GetBytes(body));
        return false;
    }

    /// <summary>Formats a wait in seconds with millisecond precision, rounded up so a client that waits exactly that long is never early.</summary>
    private static string Seconds(TimeSpan wait) =>
        (Math.Ceiling(wait.TotalMilliseconds) / 1000).ToString("F3", CultureInfo.InvariantCulture);

    private async Task<string> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        lock (_lock)
        {
            _recorded.Add(new RecordedRequest(context.Request.Method, context.Request.Path.ToString(), text, time.GetUtcNow(), context.Request.Headers.UserAgent.ToString()));
        }

        return text;
    }

    internal static async Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Testing.Emulator;

/// <summary>
/// A Discord REST and gateway emulator on 127.0.0.1, for tests, <c>alyx dev</c> and plugin authors. It enforces the
/// identify limit per bucket, validates IDENTIFY as Discord does, replays missed events on RESUME, records
/// overlapping sessions of one shard, and takes faults on demand.
/// </summary>
public sealed partial class DiscordEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorGateway _gateway;
    private readonly EmulatorRest _rest;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private Task _watchdog = Task.CompletedTask;

    private DiscordEmulator(DiscordEmulatorOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Options = options;
        _time = time;
        GuildIds = GuildIdGenerator.Generate(options.Guilds, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), options.Seed);
        _gateway = new EmulatorGateway(options, GuildIds, time, loggerFactory.CreateLogger<DiscordEmulator>());
        _rest = new EmulatorRest(options, _gateway, time, () => GatewayUri.ToString());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        _app = builder.Build();
        _app.UseWebSockets();
        MapRoutes(_app);
    }

    /// <summary>The settings the emulator runs with.</summary>
    public DiscordEmulatorOptions Options { get; }

    /// <summary>The guild ids of the emulated bot, spread over shards by Discord's formula.</summary>
    public IReadOnlyList<ulong> GuildIds { get; }

    /// <summary>The port the emulator listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>The REST base for clients that append the version themselves, <c>http://127.0.0.1:PORT/api</c>.</summary>
    public Uri ApiUri => new($"http://127.0.0.1:{Port}/api");

    /// <summary>The versioned REST base, <c>http://127.0.0.1:PORT/api/v10/</c>.</summary>
    public Uri RestUri => new($"http://127.0.0.1:{Port}/api/v10/");

    /// <summary>The gateway URL that <c>GET /gateway/bot</c> returns.</summary>
    public Uri GatewayUri => new($"ws://127.0.0.1:{Port}/gateway");

    /// <summary>The URL sent as <c>resume_gateway_url</c> in READY; a distinct path, so tests see which URL a client used.</summary>
    public Uri ResumeGatewayUri => new($"ws://127.0.0.1:{Port}/gateway-resume");

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every invalid setting.</exception>
    public static async Task<DiscordEmulator> StartAsync(
        DiscordEmulatorOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid emulator options: " + string.Join(" ", failures), nameof(options));
        }

        var emulator = new DiscordEmulator(options, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await emulator._app.StartAsync(cancellationToken);
        }
        catch
        {
            // A port in use fails here, as an IOException; the app that failed to start still owns its services.
            await emulator._app.DisposeAsync();
            throw;
        }

        // Kestrel always provides the addresses feature, with the bound port once it has started.
        var address = emulator._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Port = new Uri(address).Port;
        emulator._gateway.ResumeUrl = emulator.ResumeGatewayUri.ToString();
        emulator._watchdog = emulator.RunWatchdogAsync();
        return emulator;
    }

    /// <summary>Returns what the emulator observed so far.</summary>
    public EmulatorStats GetStats() => _gateway.Snapshot(_rest.Requests, _rest.RateLimited);

    /// <summary>Returns the requests recorded on the message and interaction routes.</summary>
    public IReadOnlyList<RecordedRequest> GetRecordedRequests() => _rest.Recorded;

    /// <summary>
    /// Drops the TCP connection of every session of the shard without a close frame; the sessions stay resumable.
    /// <paramref name="missedEvents"/> are added to each session after the drop, so a RESUME must replay them.
    /// Returns the number of connections dropped.
    /// </summary>
    public int DropConnection(int shardId, params IReadOnlyList<EmulatedEvent> missedEvents) =>
        _gateway.DropConnection(shardId, [.. missedEvents.Select(e => (e.Name, ToUtf8Json(e.Json)))]);

    /// <summary>Sends RECONNECT (op 7) on every connection of the shard; returns how many got it.</summary>
    public int SendReconnect(int shardId) => _gateway.SendReconnect(shardId);

    /// <summary>Sends INVALID_SESSION (op 9) on every connection of the shard; a non-resumable one ends the session.</summary>
    public int SendInvalidSession(int shardId, bool resumable) => _gateway.SendInvalidSession(shardId, resumable);

    /// <summary>Stops acknowledging heartbeats on the shard's current connections, which makes them zombies to the client.</summary>
    public int StopHeartbeatAcks(int shardId) => _gateway.StopHeartbeatAcks(shardId);

    /// <summary>Closes the shard's connections with <paramref name="closeCode"/>; codes that call for a new session or are fatal also end the session.</summary>
    public int CloseConnection(int shardId, int closeCode) => _gateway.CloseConnection(shardId, closeCode);

    /// <summary>Sends a dispatch event to the sessions of the shard that owns <paramref name="guildId"/>; returns how many sessions got it.</summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not valid JSON.</exception>
    public int EmitDispatch(ulong guildId, string name, string json) => _gateway.EmitDispatch(guildId, name, ToUtf8Json(json));

    /// <summary>Sends a dispatch event that belongs to no guild, such as a direct message, to the sessions of shard 0; returns how many sessions got it.</summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not valid JSON.</exception>
    public int EmitDirectDispatch(string name, string json) => _gateway.EmitDirectDispatch(name, ToUtf8Json(json));

    /// <summary>Answers the next <paramref name="count"/> REST requests with 429 and <paramref name="retryAfter"/>.</summary>
    public void ForceRateLimit(int count, TimeSpan retryAfter, bool global) => _rest.ForceRateLimit(count, retryAfter, global);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watchdog;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunWatchdogAsync()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(20).Ticks, Options.HeartbeatInterval.Ticks / 4));
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                _gateway.CheckHeartbeats();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposal stops the watchdog.
        }
    }

    private static byte[] ToUtf8Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.SerializeToUtf8Bytes(document.RootElement);
    }

    private void MapRoutes(WebApplication app)
    {
        app.Map("/gateway", AcceptGatewayAsync);
        app.Map("/gateway-resume", AcceptGatewayAsync);
        app.MapGet("/api/v10/gateway", _rest.GetGatewayAsync);
        app.MapGet("/api/v10/gateway/bot", _rest.GetGatewayBotAsync);
        app.MapGet("/api/v10/users/@me", _rest.GetCurrentUserAsync);
        app.MapPost("/api/v10/channels/{channelId}/messages", (HttpContext context, string channelId) => _rest.CreateMessageAsync(context, channelId));
        app.MapPost("/api/v10/interactions/{interactionId}/{token}/callback",
            (HttpContext context, string interactionId, string token) => _rest.InteractionCallbackAsync(context, interactionId, token));
        app.MapGet("/_emulator/stats", context => EmulatorRest.WriteJsonAsync(context, 200,
            JsonSerializer.SerializeToUtf8Bytes(GetStats(), EmulatorStatsJsonContext.Default.EmulatorStats)));
        app.MapGet("/_emulator/requests", context => EmulatorRest.WriteJsonAsync(context, 200,
            JsonSerializer.SerializeToUtf8Bytes(GetRecordedRequests(), EmulatorStatsJsonContext.Default.IReadOnlyListRecordedRequest)));
        app.MapPost("/_emulator/shards/{shardId:int}/{fault}", InjectFault);
        app.MapPost("/_emulator/guilds/{guildId}/dispatch/{name}", DispatchAsync);
        app.MapPost("/_emulator/rate-limit", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var count = int.TryParse(query["count"], CultureInfo.InvariantCulture, out var c) ? c : 1;
            var retryAfterMs = double.TryParse(query["retryAfterMs"], CultureInfo.InvariantCulture, out var r) ? r : 1000;
            ForceRateLimit(count, TimeSpan.FromMilliseconds(retryAfterMs), query["global"] == "true");
            return Results.NoContent();
        });
    }

    private async Task AcceptGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Expected a WebSocket upgrade.", context.RequestAborted);
            return;
        }

        var query = context.Request.Query;
        var compress = query["compress"] == "zlib-stream";
        int? version = int.TryParse(query["v"], CultureInfo.InvariantCulture, out var v) ? v : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        await _gateway.RunConnectionAsync(socket, compress, version, linked.Token);
    }

    private IResult InjectFault(int shardId, string fault, HttpContext context)
    {
        var query = context.Request.Query;
        var affected = fault switch
        {
            "drop" => DropConnection(shardId),
            "reconnect" => SendReconnect(shardId),
            "invalid-session" => SendInvalidSession(shardId, query["resumable"] == "true"),
            "stop-acks" => StopHeartbeatAcks(shardId),
            "close" when int.TryParse(query["code"], CultureInfo.InvariantCulture, out var code) => CloseConnection(shardId, code),
            _ => -1,
        };
        return affected < 0
            ? Results.BadRequest($"Unknown fault '{fault}' or missing code: use drop, reconnect, invalid-session?resumable=true|false, stop-acks or close?code=N.")
            : Results.Json(new { affected });
    }

    private async Task<IResult> DispatchAsync(string guildId, string name, HttpContext context)
    {
        if (!ulong.TryParse(guildId, CultureInfo.InvariantCulture, out var id))
        {
            return Results.BadRequest($"Guild id '{guildId}' is not a snowflake.");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return Results.Json(new { delivered = EmitDispatch(id, name, json) });
        }
        catch (JsonException ex)
        {
            return Results.BadRequest($"The body is not valid JSON: {ex.Message}");
        }
    }
}

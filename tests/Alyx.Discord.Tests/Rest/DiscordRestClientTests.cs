using System.Net;
using Alyx.Discord.Rest;
using Alyx.Testing.Emulator;

namespace Alyx.Discord.Tests.Rest;

/// <summary>The REST client against the Discord emulator's routes, rate-limit headers and forced 429s.</summary>
public sealed class DiscordRestClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });
    private DiscordEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = 4,
            MaxConcurrency = 2,
            RestRateLimit = 2,
            RestRateLimitWindow = TimeSpan.FromMilliseconds(500),
        });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetGatewayBot_Emulator_ReturnsTypedResult()
    {
        var client = Client();

        var info = await client.GetGatewayBotAsync(CancellationToken.None);

        Assert.Equal(_emulator.GatewayUri.ToString(), info.Url);
        Assert.Equal(4, info.Shards);
        Assert.Equal(2, info.SessionStartLimit.MaxConcurrency);
        Assert.Equal(1000, info.SessionStartLimit.Total);
        Assert.Equal(1000, info.SessionStartLimit.Remaining);
        Assert.InRange(info.SessionStartLimit.ResetAfter, 1, (long)TimeSpan.FromDays(1).TotalMilliseconds);
    }

    [Fact]
    public async Task CreateMessage_SendsUserAgentAndBody()
    {
        var client = Client();

        var message = await client.CreateMessageAsync(42, new CreateMessageRequest("hi there"), CancellationToken.None);

        var recorded = Assert.Single(_emulator.GetRecordedRequests());
        Assert.Equal(42UL, message.ChannelId);
        Assert.Equal("hi there", message.Content);
        Assert.Equal("/api/v10/channels/42/messages", recorded.Path);
        Assert.StartsWith("DiscordBot (", recorded.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateMessage_WrongToken_ThrowsUnauthorizedWithoutRetry()
    {
        var client = Client("wrong-token");

        var first = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync(1, new CreateMessageRequest("x"), CancellationToken.None));
        var second = await Assert.ThrowsAsync<DiscordRestException>(() => client.GetGatewayBotAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(1, _emulator.GetStats().RestRequests);
    }

    [Fact]
    public async Task CreateMessage_Forced429s_RetriesAfterRetryAfter()
    {
        var client = Client();
        _emulator.ForceRateLimit(2, TimeSpan.FromMilliseconds(100), global: false);

        await client.CreateMessageAsync(7, new CreateMessageRequest("eventually"), CancellationToken.None);

        var stats = _emulator.GetStats();
        Assert.Equal(2, stats.RateLimitedResponses);
        Assert.Single(_emulator.GetRecordedRequests());
    }

    [Fact]
    public async Task CreateMessage_ForcedGlobal429_RetriesAndSucceeds()
    {
        var client = Client();
        _emulator.ForceRateLimit(1, TimeSpan.FromMilliseconds(100), global: true);

        await client.CreateMessageAsync(7, new CreateMessageRequest("after global"), CancellationToken.None);

        Assert.Equal(1, _emulator.GetStats().RateLimitedResponses);
    }

    [Fact]
    public async Task CreateMessage_429BeyondRetries_ThrowsRateLimited()
    {
        var client = Client(maxRetries: 1);
        _emulator.ForceRateLimit(5, TimeSpan.FromMilliseconds(50), global: false);

        var error = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync(7, new CreateMessageRequest("never"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(2, _emulator.GetStats().RateLimitedResponses);
    }

    [Fact]
    public async Task CreateMessage_MoreThanBucketLimit_WaitsInsteadOfHitting429()
    {
        var client = Client();

        for (var i = 0; i < 5; i++)
        {
            await client.CreateMessageAsync(9, new CreateMessageRequest($"message {i}"), CancellationToken.None);
        }

        Assert.Equal(0, _emulator.GetStats().RateLimitedResponses);
        Assert.Equal(5, _emulator.GetRecordedRequests().Count);
    }

    [Fact]
    public async Task CreateInteractionResponse_IsRecorded()
    {
        var client = Client();

        await client.CreateInteractionResponseAsync(55, "tok", new InteractionResponse(4, new InteractionResponseData("pong")), CancellationToken.None);

        var recorded = Assert.Single(_emulator.GetRecordedRequests());
        Assert.Equal("/api/v10/interactions/55/tok/callback", recorded.Path);
        Assert.Contains("\"pong\"", recorded.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesEveryFailure()
    {
        var options = new DiscordRestOptions { Token = "", UserAgent = "curl", MaxRateLimitRetries = -1 };

        var error = Assert.Throws<ArgumentException>(() => new DiscordRestClient(_http, options));

        Assert.Contains("Token", error.Message, StringComparison.Ordinal);
        Assert.Contains("UserAgent", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRateLimitRetries", error.Message, StringComparison.Ordinal);
    }

    private DiscordRestClient Client(string? token = null, int maxRetries = 3) =>
        new(_http, new DiscordRestOptions { BaseUrl = _emulator.RestUri, Token = token ?? _emulator.Options.Token, MaxRateLimitRetries = maxRetries });
}

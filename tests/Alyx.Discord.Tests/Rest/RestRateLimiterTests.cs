using Alyx.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Discord.Tests.Rest;

public sealed class RestRateLimiterTests
{
    /// <summary>The limiter rounds each wait up to whole milliseconds plus one, so the clock must pass the reset by that much.</summary>
    private static readonly TimeSpan TimerMargin = TimeSpan.FromMilliseconds(2);

    private static readonly RestRoute ChannelA = new(HttpMethod.Post, "channels/{channel_id}/messages", "channels/1/messages", "1");
    private static readonly RestRoute ChannelB = new(HttpMethod.Post, "channels/{channel_id}/messages", "channels/2/messages", "2");
    private static readonly RestRoute Interaction = new(HttpMethod.Post, "interactions/{id}/{token}/callback", "interactions/3/t/callback", "3/t", ExemptFromGlobalLimit: true, Authenticated: false);

    [Fact]
    public async Task AcquireAsync_BucketExhausted_WaitsForReset()
    {
        var time = new FakeTimeProvider();
        var limiter = new RestRateLimiter(time, 50);
        using (await limiter.AcquireAsync(ChannelA, CancellationToken.None))
        {
            limiter.Update(ChannelA, Headers(remaining: 0, resetAfterSeconds: 2, bucket: "abc"));
        }

        var blocked = limiter.AcquireAsync(ChannelA, CancellationToken.None).AsTask();
        var otherChannel = limiter.AcquireAsync(ChannelB, CancellationToken.None).AsTask();

        Assert.False(blocked.IsCompleted);
        Assert.True(otherChannel.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2) - TimerMargin);
        Assert.False(blocked.IsCompleted);
        time.Advance(TimerMargin * 2);
        (await blocked.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await otherChannel).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_GlobalLimitReached_WaitsOneSecondExceptExemptRoutes()
    {
        var time = new FakeTimeProvider();
        var limiter = new RestRateLimiter(time, 3);
        for (var i = 0; i < 3; i++)
        {
            var route = new RestRoute(HttpMethod.Get, "guilds/{guild_id}", $"guilds/{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await limiter.AcquireAsync(route, CancellationToken.None)).Dispose();
        }

        var blocked = limiter.AcquireAsync(ChannelA, CancellationToken.None).AsTask();
        var exempt = limiter.AcquireAsync(Interaction, CancellationToken.None).AsTask();

        Assert.False(blocked.IsCompleted);
        Assert.True(exempt.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1) - TimerMargin);
        Assert.False(blocked.IsCompleted);
        time.Advance(TimerMargin * 2);
        (await blocked.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await exempt).Dispose();
    }

    [Fact]
    public async Task OnRateLimited_Global_BlocksEveryRoute()
    {
        var time = new FakeTimeProvider();
        var limiter = new RestRateLimiter(time, 50);

        limiter.OnRateLimited(ChannelA, TimeSpan.FromSeconds(3), global: true);
        var blocked = limiter.AcquireAsync(ChannelB, CancellationToken.None).AsTask();

        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3) - TimerMargin);
        Assert.False(blocked.IsCompleted);
        time.Advance(TimerMargin * 2);
        (await blocked.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    private static System.Net.Http.Headers.HttpResponseHeaders Headers(int remaining, double resetAfterSeconds, string bucket)
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Reset-After", resetAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Bucket", bucket);
        return response.Headers;
    }
}

using Alyx.Coordination.Redis;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Redis;

public sealed class RedisAddressTests
{
    [Fact]
    public void Parse_UrlWithCredentials_SetsUserPasswordAndDatabase()
    {
        var options = RedisAddress.Parse("redis://alice:s%40cret@cache.local:6380/2");

        Assert.Equal("alice", options.User);
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal("cache.local:6380", RedisAddress.Endpoints(options));
        Assert.False(options.Ssl);
    }

    [Fact]
    public void Parse_TlsUrlWithoutPort_UsesTlsAndDefaultPort()
    {
        var options = RedisAddress.Parse("rediss://cache.local");

        Assert.True(options.Ssl);
        Assert.Equal("cache.local:6379", RedisAddress.Endpoints(options));
    }

    [Fact]
    public void Parse_ConfigurationString_KeepsEndpointsAndPassword()
    {
        var options = RedisAddress.Parse("127.0.0.1:6399,password=x");

        Assert.Equal("127.0.0.1:6399", RedisAddress.Endpoints(options));
        Assert.Equal("x", options.Password);
    }

    [Theory]
    [InlineData("redis://")]
    [InlineData("redis://host:6379/db")]
    [InlineData(",,,")]
    public void Parse_Invalid_ThrowsFormatExceptionNamingForms(string text)
    {
        var exception = Assert.Throws<FormatException>(() => RedisAddress.Parse(text));

        Assert.Contains("redis://", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://bob:hunter2@host:6379/x")]
    [InlineData("redis://hunter2@host:6379/x")]
    [InlineData("host:6379,password=hunter2,nonsense=1")]
    public void Parse_InvalidWithPassword_HidesPassword(string text)
    {
        var exception = Assert.Throws<FormatException>(() => RedisAddress.Parse(text));

        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://bob:hunter2@host:6379", "redis://bob:***@host:6379")]
    [InlineData("rediss://hunter2@host", "rediss://***@host")]
    [InlineData("host:1,password=hunter2,ssl=true", "host:1,password=***,ssl=true")]
    [InlineData("127.0.0.1:6379", "127.0.0.1:6379")]
    public void Redact_Address_HidesOnlyPassword(string text, string expected)
    {
        Assert.Equal(expected, RedisAddress.Redact(text));
    }

    [Fact]
    public async Task ConnectAsync_UrlCredentials_Authenticate()
    {
        await using var server = await PrivateRedisServer.StartAsync("--requirepass", "s3cret-default");
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},password=s3cret-default"))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "alice", "on", ">s3cret-alice", "~*", "&*", "+@all");
        }

        await using var asDefault = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = $"redis://:s3cret-default@{server.Endpoint}" }, CancellationToken.None);
        await using var asAlice = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = $"redis://alice:s3cret-alice@{server.Endpoint}" }, CancellationToken.None);
        var defaultUser = (string?)await asDefault.GetDatabase().ExecuteAsync("ACL", "WHOAMI");
        var aliceUser = (string?)await asAlice.GetDatabase().ExecuteAsync("ACL", "WHOAMI");

        Assert.Equal("default", defaultUser);
        Assert.Equal("alice", aliceUser);
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_FailsToRunCommands()
    {
        await using var server = await PrivateRedisServer.StartAsync("--requirepass", "s3cret");
        await using var connection = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = $"redis://:wrong@{server.Endpoint}", ConnectTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        await Assert.ThrowsAnyAsync<RedisException>(() => connection.GetDatabase().PingAsync());
    }
}

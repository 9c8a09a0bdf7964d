using Alyx.Cli.Common;

namespace Alyx.Cli.Tests.Common;

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
    public void Parse_ConfigurationString_KeepsEndpoints()
    {
        var options = RedisAddress.Parse("127.0.0.1:6399,password=x");

        Assert.Equal("127.0.0.1:6399", RedisAddress.Endpoints(options));
        Assert.Equal("x", options.Password);
    }

    [Theory]
    [InlineData("redis://")]
    [InlineData("redis://host:6379/db")]
    [InlineData(",,,")]
    public void Parse_Invalid_ThrowsInvalidInputWithoutPassword(string text)
    {
        var exception = Assert.Throws<CliException>(() => RedisAddress.Parse(text));

        Assert.Equal(ExitCodes.InvalidInput, exception.ExitCode);
        Assert.Contains("redis://", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidWithPassword_RedactsPassword()
    {
        var exception = Assert.Throws<CliException>(() => RedisAddress.Parse("redis://bob:hunter2@host:6379/x"));

        Assert.DoesNotContain("hunter2", exception.Message, StringComparison.Ordinal);
    }
}

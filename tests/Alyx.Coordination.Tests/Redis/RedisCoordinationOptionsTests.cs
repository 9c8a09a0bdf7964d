using Alyx.Coordination.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Redis;

public sealed class RedisCoordinationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new RedisCoordinationOptionsValidator().Validate(null, new RedisCoordinationOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_SeveralProblems_NamesEach()
    {
        var options = new RedisCoordinationOptions
        {
            Endpoints = " ",
            Cluster = "bad name",
            KeyPrefix = "a{b}:",
            CommandTimeout = TimeSpan.Zero,
            TlsHost = "redis.example",
            User = "alyx",
        };

        var failures = new RedisCoordinationOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

        Assert.Contains(failures, failure => failure.StartsWith("Redis:Endpoints", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Redis:Cluster 'bad name'", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Redis:KeyPrefix", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Redis:CommandTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Redis:TlsHost", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Redis:User", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateConfiguration_ProductionSettings_MapsToClient()
    {
        var options = new RedisCoordinationOptions
        {
            Endpoints = "master.alyx.cache.amazonaws.com:6379",
            UseTls = true,
            TlsHost = "master.alyx.cache.amazonaws.com",
            User = "alyx",
            Password = "secret",
            CommandTimeout = TimeSpan.FromMilliseconds(1500),
        };

        var configuration = RedisConnectionFactory.CreateConfiguration(options);

        Assert.True(configuration.Ssl);
        Assert.Equal("master.alyx.cache.amazonaws.com", configuration.SslHost);
        Assert.Equal("alyx", configuration.User);
        Assert.Equal("secret", configuration.Password);
        Assert.Equal(1500, configuration.AsyncTimeout);
        Assert.False(configuration.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, configuration.BacklogPolicy);
    }

    [Fact]
    public void CreateConfiguration_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => RedisConnectionFactory.CreateConfiguration(new RedisCoordinationOptions { Cluster = "" }));
    }

    [Fact]
    public void CreateKeys_CustomPrefix_PrecedesHashTag()
    {
        var keys = new RedisCoordinationOptions { Cluster = "prod", KeyPrefix = "staging:alyx:" }.CreateKeys();

        Assert.Equal("staging:alyx:{prod}:spec", keys.For("spec"));
    }
}
